import { describe, expect, it } from 'vitest';
import type { ThreadMessage } from '../api/openapi';
import { mergeStoredTurns, reduceTurn, startTurn, turnFromMessage } from './turnState';

const message = (id: string): ThreadMessage =>
  ({
    message_id: id,
    comparison_id: `c-${id}`,
    prompt_text: `prompt ${id}`,
    model1_id: 'a',
    model2_id: 'b',
    model1_response: 'one',
    model2_response: 'two',
    model1_time_ms: 10,
    model2_time_ms: 12,
    model1_error: null,
    model2_error: null,
    model1_stats: null,
    model2_stats: null,
    mode: 'named',
    models_hidden: false,
  }) as unknown as ThreadMessage;

const stored = (id: string) => turnFromMessage(message(id), () => null);

describe('mergeStoredTurns', () => {
  it('keeps a streamed turn’s key when its stored copy replaces it, and keeps live turns not stored yet', () => {
    const streamed = { ...startTurn('prompt m2', ['model1', 'model2'], 'named', [null, null]), messageId: 'm2' };
    const pending = startTurn('prompt m3', ['model1', 'model2'], 'named', [null, null]);
    const merged = mergeStoredTurns([stored('m1'), stored('m2')], [streamed, pending]);
    expect(merged.map((turn) => turn.key)).toEqual(['m1', streamed.key, pending.key]);
    expect(merged.map((turn) => turn.live)).toEqual([false, false, true]);
    expect(merged[1]!.state.model2.text).toBe('two');
  });

  it('answers the stored turns alone when nothing was streamed here', () => {
    expect(mergeStoredTurns([stored('m1')], []).map((turn) => turn.key)).toEqual(['m1']);
    const finished = reduceTurn(startTurn('p', ['model1'], 'named', [null, null]), { event: 'finished' });
    expect(mergeStoredTurns([], [finished])).toEqual([finished]);
  });
});

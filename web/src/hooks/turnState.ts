import type { AnswerStats, BattleMode, ChatEvent, ModelRef, Outcome, Side, SideError, ThreadMessage } from '../api/openapi';

export type SideStatus = 'waiting' | 'streaming' | 'done' | 'error' | 'stopped';

export interface SideState {
  text: string;
  status: SideStatus;
  timeMs: number | null;
  error: SideError | null;
  model: ModelRef | null;
  /** Time to first token, tokens, speed and cost, once the side has ended. */
  stats: AnswerStats | null;
  /** A live failure's wait before the model can be tried again (every key cooling down), in ms. */
  retryAfterMs: number | null;
}

export interface TurnVote {
  outcome: Outcome;
  models: [ModelRef | null, ModelRef | null];
}

/** One prompt and its answers: streamed live, or loaded from a stored thread. */
export interface Turn {
  key: string;
  prompt: string;
  sides: Side[];
  state: Record<Side, SideState>;
  startedAt: number;
  live: boolean;
  mode: BattleMode;
  comparisonId: string | null;
  messageId: string | null;
  threadId: string | null;
  requestError: string | null;
  vote: TurnVote | null;
}

export type TurnAction = ChatEvent | { event: 'stopped'; at: number } | { event: 'failed'; message: string } | { event: 'finished' } | { event: 'voted'; vote: TurnVote };

const emptySide = (status: SideStatus, model: ModelRef | null = null): SideState => ({ text: '', status, timeMs: null, error: null, model, stats: null, retryAfterMs: null });

let sequence = 0;

export function startTurn(prompt: string, sides: Side[], mode: BattleMode, models: [ModelRef | null, ModelRef | null]): Turn {
  sequence += 1;
  return {
    key: `live-${sequence}`,
    prompt,
    sides,
    state: { model1: emptySide('waiting', models[0]), model2: emptySide('waiting', models[1]) },
    startedAt: performance.now(),
    live: true,
    mode,
    comparisonId: null,
    messageId: null,
    threadId: null,
    requestError: null,
    vote: null,
  };
}

function storedSide(text: string | null, timeMs: number | null, error: SideError | null, model: ModelRef | null, stats: AnswerStats | null): SideState {
  return { text: text ?? '', status: error ? 'error' : 'done', timeMs, error, model, stats, retryAfterMs: null };
}

export function turnFromMessage(message: ThreadMessage, lookup: (id: string | null) => ModelRef | null): Turn {
  const dual = message.model2_id !== null || message.comparison_id !== null;
  return {
    key: message.message_id,
    prompt: message.prompt_text ?? '',
    sides: dual ? ['model1', 'model2'] : ['model1'],
    state: {
      model1: storedSide(message.model1_response, message.model1_time_ms, message.model1_error, lookup(message.model1_id), message.model1_stats),
      model2: storedSide(message.model2_response, message.model2_time_ms, message.model2_error, lookup(message.model2_id), message.model2_stats),
    },
    startedAt: 0,
    live: false,
    mode: message.mode ?? (message.models_hidden ? 'anonymous' : 'named'),
    comparisonId: message.comparison_id,
    messageId: message.message_id,
    threadId: message.thread_id,
    requestError: null,
    vote: message.vote_outcome ? { outcome: message.vote_outcome as Outcome, models: [lookup(message.model1_id), lookup(message.model2_id)] } : null,
  };
}

function updateSide(turn: Turn, side: Side, change: (state: SideState) => SideState): Turn {
  return { ...turn, state: { ...turn.state, [side]: change(turn.state[side]) } };
}

const unfinished = (state: SideState) => state.status === 'waiting' || state.status === 'streaming';

export function reduceTurn(turn: Turn, action: TurnAction): Turn {
  switch (action.event) {
    case 'meta': {
      const { model1, model2 } = action.data;
      const withIds = { ...turn, comparisonId: action.data.comparison_id ?? null, messageId: action.data.message_id, threadId: action.data.thread_id };
      return {
        ...withIds,
        state: {
          model1: { ...turn.state.model1, model: model1 ?? turn.state.model1.model },
          model2: { ...turn.state.model2, model: model2 ?? turn.state.model2.model },
        },
      };
    }
    case 'delta':
      return updateSide(turn, action.data.side, (state) => ({ ...state, text: state.text + action.data.text, status: 'streaming' }));
    case 'done':
      return updateSide(turn, action.data.side, (state) => ({ ...state, status: 'done', timeMs: action.data.time_ms, stats: action.data.stats ?? null }));
    case 'error':
      if (!action.data.side) return { ...turn, requestError: action.data.message };
      return updateSide(turn, action.data.side, (state) => ({
        ...state,
        status: 'error',
        error: { category: action.data.category, message: action.data.message },
        retryAfterMs: action.data.retry_after_ms ?? null,
        timeMs: state.timeMs ?? Math.round(performance.now() - turn.startedAt),
      }));
    case 'end':
      return { ...turn, comparisonId: action.data.comparison_id ?? turn.comparisonId, messageId: action.data.message_id, threadId: action.data.thread_id };
    case 'stopped': {
      const stop = (state: SideState): SideState => (unfinished(state) ? { ...state, status: 'stopped', timeMs: Math.round(action.at - turn.startedAt) } : state);
      return { ...turn, live: false, state: { model1: stop(turn.state.model1), model2: stop(turn.state.model2) } };
    }
    case 'failed':
      return { ...turn, live: false, requestError: action.message };
    case 'finished':
      return { ...turn, live: false };
    case 'voted': {
      const [model1, model2] = action.vote.models;
      return {
        ...turn,
        vote: action.vote,
        state: {
          model1: { ...turn.state.model1, model: model1 ?? turn.state.model1.model },
          model2: { ...turn.state.model2, model: model2 ?? turn.state.model2.model },
        },
      };
    }
  }
}

/** A turn whose answers were streamed but then interrupted still counts as answered. */
export function isAnswered(turn: Turn): boolean {
  return !turn.live && turn.requestError === null && turn.comparisonId !== null;
}

/** The server's rule: a side that failed, was stopped or cut off, or came back empty cannot win a vote. */
export function canWin(side: SideState): boolean {
  return side.status === 'done' && side.error === null && side.text.trim() !== '';
}

/** The verdicts a turn may get: none when both sides failed (nothing to compare), else no win for a failed side. */
export function allowedOutcomes(turn: Turn): Outcome[] {
  const [one, two] = [canWin(turn.state.model1), canWin(turn.state.model2)];
  if (!one && !two) return [];
  return [...(one ? (['model1'] as const) : []), ...(two ? (['model2'] as const) : []), 'tie', 'both_bad'];
}

/**
 * Stored turns, then the live ones not stored yet. A stored turn that was streamed on this page
 * keeps the live turn's key, so its round is not remounted when the stored copy replaces it (its
 * vote bar, a vote on its way and the focus stay put).
 */
export function mergeStoredTurns(stored: Turn[], live: Turn[]): Turn[] {
  const liveKeys = new Map(live.map((turn) => [turn.messageId, turn.key]));
  const storedIds = new Set(stored.map((turn) => turn.messageId));
  return [
    ...stored.map((turn) => ({ ...turn, key: liveKeys.get(turn.messageId) ?? turn.key })),
    ...live.filter((turn) => turn.messageId === null || !storedIds.has(turn.messageId)),
  ];
}

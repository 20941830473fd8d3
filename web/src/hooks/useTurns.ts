import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../errors/describeError';
import type { BattleMode, ModelRef, Side } from '../api/openapi';
import { type OpenStream, readChatEvents } from '../api/stream';
import { reduceTurn, startTurn, type Turn, type TurnAction } from './turnState';

export interface SendRequest {
  open: OpenStream;
  prompt: string;
  sides: Side[];
  mode: BattleMode;
  models: [ModelRef | null, ModelRef | null];
}

/**
 * The turns of one conversation streamed in this session. One turn streams at a time; `stop`
 * aborts the request, which makes the server abort both upstream calls.
 */
export function useTurns(onSettled?: (turn: Turn) => void) {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [running, setRunning] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const settled = useRef(onSettled);
  settled.current = onSettled;

  useEffect(() => () => controller.current?.abort(), []);

  const dispatch = useCallback((key: string, action: TurnAction) => {
    setTurns((current) => current.map((turn) => (turn.key === key ? reduceTurn(turn, action) : turn)));
  }, []);

  /** Resolves to the server's refusal when it would not start the turn, else to null. */
  const send = useCallback(
    async (request: SendRequest): Promise<unknown> => {
      const turn = startTurn(request.prompt, request.sides, request.mode, request.models);
      const abort = new AbortController();
      controller.current = abort;
      setTurns((current) => [...current, turn]);
      setRunning(true);
      let last = turn;
      const apply = (action: TurnAction) => {
        last = reduceTurn(last, action);
        dispatch(turn.key, action);
      };
      let refusal: unknown = null;
      try {
        await readChatEvents(request.open, (event) => apply(event), abort.signal);
        apply({ event: 'finished' });
      } catch (error) {
        if (abort.signal.aborted) apply({ event: 'stopped', at: performance.now() });
        else if (last.messageId === null) refusal = error;
        else apply({ event: 'failed', message: errorMessage(error) });
      } finally {
        if (controller.current === abort) controller.current = null;
        setRunning(false);
        // Refused before it started, the turn never existed: the prompt goes back to its box.
        if (refusal !== null) setTurns((current) => current.filter((item) => item.key !== turn.key));
        else settled.current?.(last);
      }
      return refusal;
    },
    [dispatch],
  );

  const stop = useCallback(() => controller.current?.abort(), []);

  const reset = useCallback(() => {
    controller.current?.abort();
    setTurns([]);
  }, []);

  return { turns, running, send, stop, reset, dispatch };
}

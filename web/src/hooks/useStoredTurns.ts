import { useModelLookup } from '../api/queries';
import type { ThreadMessage } from '../api/openapi';
import { turnFromMessage, type Turn } from './turnState';

/** A stored thread's messages as turns, followed by the live ones the server has not returned yet. */
export function useStoredTurns(messages: ThreadMessage[] | undefined, live: Turn[] = []): Turn[] {
  const lookup = useModelLookup();
  const stored = (messages ?? []).map((message) => turnFromMessage(message, lookup));
  const storedIds = new Set(stored.map((turn) => turn.messageId));
  return [...stored, ...live.filter((turn) => turn.messageId === null || !storedIds.has(turn.messageId))];
}

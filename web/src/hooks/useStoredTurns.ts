import { useModelLookup } from '../api/queries';
import type { ThreadMessage } from '../api/openapi';
import { mergeStoredTurns, turnFromMessage, type Turn } from './turnState';

/** A stored thread's messages as turns, followed by the live ones the server has not returned yet. */
export function useStoredTurns(messages: ThreadMessage[] | undefined, live: Turn[] = []): Turn[] {
  const lookup = useModelLookup();
  return mergeStoredTurns((messages ?? []).map((message) => turnFromMessage(message, lookup)), live);
}

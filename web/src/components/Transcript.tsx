import type { Turn } from '../hooks/turnState';
import { ArenaRound } from './ArenaRound';
import { ChatTurn } from './ChatTurn';

/** A thread's turns in order; battle turns side by side, single-model turns full width. */
export function Transcript({ turns }: { turns: Turn[] }) {
  return (
    <div className="rounds" aria-live="polite">
      {turns.map((turn, index) => (turn.sides.length === 2 ? <ArenaRound key={turn.key} turn={turn} number={index + 1} /> : <ChatTurn key={turn.key} turn={turn} />))}
    </div>
  );
}

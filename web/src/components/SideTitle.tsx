import type { ModelRef } from '../api/openapi';
import { ModelLabel } from './ModelLabel';

/** "Model A" with the model's name once it is known (named battles, or after the vote). */
export function SideTitle({ letter, model }: { letter: string; model: ModelRef | null }) {
  return (
    <>
      <span className="side-letter">Model {letter}</span>
      {model && <ModelLabel model={model} />}
    </>
  );
}

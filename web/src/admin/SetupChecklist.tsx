import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { endpoints } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import { useAdminModels } from './adminQueries';

interface Step {
  label: string;
  hint: string;
  to: string;
  done: boolean;
}

/**
 * What a new lab still needs, read from what the server already reports (no stored "onboarded"
 * flag to drift): a real provider that can be called (a key, or a base URL for a keyless local
 * server), two active real models (the demo models retire then), and a voted battle counted by
 * the leaderboard. Null while any of it is still loading.
 */
function useSetupSteps(): Step[] | null {
  // Its own key: the keys tab polls health every 5 s, this banner needs no such freshness.
  const health = useQuery({ queryKey: [...queryKeys.admin, 'health', 'setup'], queryFn: endpoints.admin.health });
  const models = useAdminModels();
  const board = useQuery({ queryKey: [...queryKeys.leaderboard, 'setup'], queryFn: () => endpoints.leaderboard({}) });
  if (!health.data || !models.data || (!board.data && !board.isError)) return null;
  const real = health.data.filter(({ provider }) => provider.provider_name !== 'demo');
  const activeModels = models.data.filter((model) => model.provider_name !== 'demo' && model.status === 'active');
  return [
    {
      label: 'Add a provider and its API key',
      hint: 'Groq and Bytez are built in and need a key; any OpenAI-compatible API is added under Providers (a local Ollama needs no key, only its URL).',
      to: '/admin/keys',
      done: real.some(({ provider, summary }) => summary.total > 0 || provider.base_url !== null),
    },
    {
      label: 'Add two models',
      hint: 'By hand, or with “Discover models”. The demo models leave the battles once two real ones are active.',
      to: '/admin/models',
      done: activeModels.length >= 2,
    },
    {
      label: 'Try a battle and vote',
      hint: 'Ask the arena anything and pick the better answer: the vote is the leaderboard’s first.',
      to: '/',
      done: (board.data?.votes ?? 0) > 0,
    },
  ];
}

/** The first admin's to-do list, shown until every step is done; `compact` is the one-line reminder on other pages. */
export function SetupChecklist({ compact = false }: { compact?: boolean }) {
  const steps = useSetupSteps();
  if (!steps || steps.every((step) => step.done)) return null;
  const done = steps.filter((step) => step.done).length;
  const next = steps.find((step) => !step.done);
  if (compact) {
    return (
      <aside className="setup-banner" aria-label="Lab setup" data-testid="setup-banner">
        <span>
          Set up your lab: {done} of {steps.length} steps done.
        </span>{' '}
        {next && <Link to={next.to}>Next step: {next.label}</Link>}
      </aside>
    );
  }
  return (
    <section className="card setup-checklist" aria-labelledby="setup-heading" data-testid="setup-checklist">
      <h2 id="setup-heading">
        Get your lab running <span className="hint">{done} of {steps.length} done</span>
      </h2>
      <ol>
        {steps.map((step) => (
          <li key={step.label} className={step.done ? 'done' : ''} data-testid="setup-step" data-done={step.done}>
            <span className="step-mark" aria-hidden="true">
              {step.done ? '✓' : '○'}
            </span>
            <span>
              {step.done ? (
                <>
                  <s>{step.label}</s> <span className="visually-hidden">(done)</span>
                </>
              ) : (
                <Link to={step.to}>{step.label}</Link>
              )}
              <span className="hint">{step.hint}</span>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

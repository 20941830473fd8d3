import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { queryKeys, useModels, useSettings } from '../api/queries';
import { chatStreams } from '../api/stream';
import type { BattleMode, ModelRef, Outcome, PublicModel } from '../api/openapi';
import { useAuth } from '../auth/AuthProvider';
import { ArenaRound } from '../components/ArenaRound';
import { Composer } from '../components/Composer';
import { ModelSelect } from '../components/ModelSelect';
import { QueryState } from '../components/QueryState';
import { isAnswered, type Turn } from '../hooks/turnState';
import { useTurns } from '../hooks/useTurns';
import { useVote } from '../hooks/useVote';
import { useVoteShortcuts } from '../hooks/useVoteShortcuts';

function pickDefaults(models: PublicModel[], preferred: [string | null, string | null]): [string, string] {
  const has = (id: string | null): id is string => id !== null && models.some((model) => model.model_id === id);
  const first = has(preferred[0]) ? preferred[0] : (models[0]?.model_id ?? '');
  const second = has(preferred[1]) && preferred[1] !== first ? preferred[1] : (models.find((model) => model.model_id !== first)?.model_id ?? '');
  return [first, second];
}

/** What the next prompt continues: the models of the current thread, once they are known. */
function followUpModels(last: Turn | undefined): [ModelRef, ModelRef] | null {
  const [model1, model2] = [last?.state.model1.model, last?.state.model2.model];
  return model1 && model2 ? [model1, model2] : null;
}

export function ArenaPage() {
  const { user } = useAuth();
  const models = useModels();
  const settings = useSettings();
  const queryClient = useQueryClient();
  const { turns, running, send, stop, reset, dispatch } = useTurns(() => void queryClient.invalidateQueries({ queryKey: queryKeys.threads }));
  const { vote, pendingKey, errorFor } = useVote(dispatch);

  const anonymousAllowed = settings.data?.anonymous_battles_enabled ?? true;
  const [mode, setMode] = useState<BattleMode>('anonymous');
  const effectiveMode: BattleMode = anonymousAllowed ? mode : 'named';
  const [picked, setPicked] = useState<[string, string] | null>(null);
  const available = models.data ?? [];
  const choice = picked ?? pickDefaults(available, [settings.data?.default_model1 ?? null, settings.data?.default_model2 ?? null]);

  const last = turns.at(-1);
  const threadId = last?.threadId ?? null;
  const inThread = turns.length > 0 && threadId !== null;
  const awaitingVote = last !== undefined && last.mode === 'anonymous' && isAnswered(last) && !last.vote;
  const canVoteLast = last !== undefined && isAnswered(last) && !last.vote;

  const onSend = (prompt: string) => {
    const continued = inThread ? followUpModels(last) : null;
    const named = effectiveMode === 'named' || continued !== null;
    const ids: [string, string] = continued ? [continued[0].model_id, continued[1].model_id] : choice;
    const lookup = (id: string) => available.find((model) => model.model_id === id) ?? null;
    return send({
      prompt,
      sides: ['model1', 'model2'],
      mode: named ? 'named' : 'anonymous',
      models: continued ?? (named ? [lookup(ids[0]), lookup(ids[1])] : [null, null]),
      open: chatStreams.comparison({
        prompt,
        mode: named ? 'named' : 'anonymous',
        ...(named ? { model1_id: ids[0], model2_id: ids[1] } : {}),
        ...(inThread ? { thread_id: threadId } : {}),
      }),
    });
  };

  const voteLast = useCallback((outcome: Outcome) => last && vote(last, outcome), [last, vote]);
  useVoteShortcuts(canVoteLast && pendingKey === null, voteLast);

  const endRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end', behavior: 'smooth' });
  }, [turns.length]);

  const disabledReason = !user
    ? 'Sign in to start a battle'
    : awaitingVote
      ? 'Vote first — then follow up with the same two models'
      : available.length < 2
        ? 'At least two models must be active for a battle'
        : undefined;

  return (
    <div className="arena">
      <div className="arena-toolbar">
        <div className="segmented" role="radiogroup" aria-label="Battle mode">
          {(['anonymous', 'named'] as const).map((option) => (
            <button
              key={option}
              type="button"
              role="radio"
              aria-checked={effectiveMode === option}
              className={effectiveMode === option ? 'selected' : ''}
              disabled={inThread || (option === 'anonymous' && !anonymousAllowed)}
              onClick={() => setMode(option)}
            >
              {option === 'anonymous' ? 'Anonymous battle' : 'Choose models'}
            </button>
          ))}
        </div>
        {effectiveMode === 'named' && available.length > 0 && (
          <div className="pickers">
            <ModelSelect label="Model A" models={available} value={choice[0]} taken={choice[1]} disabled={inThread} onChange={(id) => setPicked([id, choice[1]])} />
            <span className="versus" aria-hidden="true">
              vs
            </span>
            <ModelSelect label="Model B" models={available} value={choice[1]} taken={choice[0]} disabled={inThread} onChange={(id) => setPicked([choice[0], id])} />
          </div>
        )}
        {turns.length > 0 && (
          <button type="button" className="button" onClick={reset} disabled={running} data-testid="new-round">
            New round
          </button>
        )}
      </div>
      <QueryState query={models} loading="Loading models…">
        {turns.length === 0 ? (
          <div className="arena-intro">
            <h1>Which model answers better?</h1>
            <p>
              {effectiveMode === 'anonymous'
                ? 'Two models are drawn at random and stay hidden until you vote, so the name cannot sway you.'
                : 'Pick two models and compare their answers side by side.'}{' '}
              Your votes feed the <Link to="/leaderboard">leaderboard</Link>.
            </p>
            {!user && (
              <p className="cta-row">
                <Link className="button primary" to="/login?next=/">
                  Sign in
                </Link>
                <Link className="button" to="/signup?next=/">
                  Create an account
                </Link>
              </p>
            )}
          </div>
        ) : (
          <div className="rounds" aria-live="polite">
            {turns.map((turn, index) => (
              <ArenaRound
                key={turn.key}
                turn={turn}
                canVote={index === turns.length - 1 && isAnswered(turn)}
                voting={pendingKey === turn.key}
                voteError={errorFor(turn)}
                onVote={(outcome) => vote(turn, outcome)}
              />
            ))}
          </div>
        )}
      </QueryState>
      <div ref={endRef} />
      <div className="composer-dock">
        <Composer
          placeholder={inThread ? 'Ask a follow-up…' : 'Ask both models anything…'}
          running={running}
          disabled={disabledReason !== undefined}
          disabledReason={disabledReason}
          maxChars={settings.data?.max_prompt_chars}
          onSend={onSend}
          onStop={stop}
        />
      </div>
    </div>
  );
}

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { endpoints } from '../api/endpoints';
import { queryKeys, useModels, useSettings } from '../api/queries';
import { chatStreams } from '../api/stream';
import type { BattleMode, ModelRef, Outcome, PublicModel } from '../api/openapi';
import { useAuth } from '../auth/AuthProvider';
import { ArenaRound, type RegenerateWhich } from '../components/ArenaRound';
import { Composer } from '../components/Composer';
import { ModelSelect } from '../components/ModelSelect';
import { QueryState } from '../components/QueryState';
import { allowedOutcomes, isAnswered, type Turn } from '../hooks/turnState';
import { useEscapeToStop } from '../hooks/useEscapeToStop';
import { useStoredTurns } from '../hooks/useStoredTurns';
import { useTurns } from '../hooks/useTurns';
import { useVote } from '../hooks/useVote';
import { useVoteShortcuts } from '../hooks/useVoteShortcuts';

function pickDefaults(models: PublicModel[], preferred: [string | null, string | null]): [string, string] {
  const has = (id: string | null): id is string => id !== null && models.some((model) => model.model_id === id);
  const first = has(preferred[0]) ? preferred[0] : (models[0]?.model_id ?? '');
  const second = has(preferred[1]) && preferred[1] !== first ? preferred[1] : (models.find((model) => model.model_id !== first)?.model_id ?? '');
  return [first, second];
}

/** The pair a thread's turns have named so far (named battles, or an anonymous one once voted). */
function knownModels(turns: Turn[]): [ModelRef, ModelRef] | null {
  for (const turn of [...turns].reverse()) {
    const [model1, model2] = [turn.state.model1.model, turn.state.model2.model];
    if (model1 && model2) return [model1, model2];
  }
  return null;
}

/**
 * The arena. A battle lives at /arena/:threadId once its first turn is stored, so it comes back
 * whole (every turn, its mode, each turn's vote or vote bar) from a reload, the Back button or the
 * Chat list. Every turn takes its own vote; follow-ups never wait for one (the server keeps an
 * anonymous thread on its hidden pair until a vote reveals it).
 */
export function ArenaPage() {
  const { threadId } = useParams();
  const navigate = useNavigate();
  const { user } = useAuth();
  const models = useModels();
  const settings = useSettings();
  const queryClient = useQueryClient();
  const thread = useQuery({ queryKey: queryKeys.thread(threadId ?? ''), queryFn: () => endpoints.thread(threadId ?? ''), enabled: threadId !== undefined && user !== null });
  const liveThread = useRef<string | null>(null);
  const { turns: live, running, send, stop, reset, dispatch } = useTurns((turn) => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.threads });
    if (!turn.threadId) return;
    liveThread.current = turn.threadId;
    void queryClient.invalidateQueries({ queryKey: queryKeys.thread(turn.threadId) });
    if (turn.threadId !== threadId) void navigate(`/arena/${turn.threadId}`, { replace: threadId === undefined });
  });
  const { vote, pendingKey, errorFor } = useVote(dispatch);
  useEscapeToStop(running, stop);

  // Live turns belong to the thread they were sent in; another thread (or a new round) starts clean.
  useEffect(() => {
    if (threadId !== liveThread.current) {
      liveThread.current = threadId ?? null;
      reset();
    }
  }, [threadId, reset]);

  const turns = useStoredTurns(threadId ? thread.data?.messages : undefined, live);
  const anonymousAllowed = settings.data?.anonymous_battles_enabled ?? true;
  const [mode, setMode] = useState<BattleMode>('anonymous');
  const threadMode = turns[0]?.mode;
  const effectiveMode: BattleMode = threadMode ?? (anonymousAllowed ? mode : 'named');
  const [picked, setPicked] = useState<[string, string] | null>(null);
  const available = models.data ?? [];
  const choice = picked ?? pickDefaults(available, [settings.data?.default_model1 ?? null, settings.data?.default_model2 ?? null]);

  const last = turns.at(-1);
  const currentThread = threadId ?? last?.threadId ?? null;
  const inThread = turns.length > 0 && currentThread !== null;

  const onSend = (prompt: string) => {
    const known = knownModels(turns);
    const lookup = (id: string) => available.find((model) => model.model_id === id) ?? null;
    const named = effectiveMode === 'named';
    const ids: [string, string] = named && inThread && known ? [known[0].model_id, known[1].model_id] : choice;
    return send({
      prompt,
      sides: ['model1', 'model2'],
      mode: effectiveMode,
      models: known ?? (named ? [lookup(ids[0]), lookup(ids[1])] : [null, null]),
      open: chatStreams.comparison({
        prompt,
        mode: effectiveMode,
        ...(named ? { model1_id: ids[0], model2_id: ids[1] } : {}),
        ...(inThread ? { thread_id: currentThread } : {}),
      }),
    });
  };

  const regenerate = (turn: Turn, which: RegenerateWhich) => {
    if (!turn.comparisonId) return;
    void send({
      prompt: turn.prompt,
      sides: ['model1', 'model2'],
      mode: turn.mode,
      models: [turn.state.model1.model, turn.state.model2.model],
      open: chatStreams.regenerate(turn.comparisonId, { side: which }),
    });
  };

  const lastOutcomes = last && isAnswered(last) && !last.vote && pendingKey === null ? allowedOutcomes(last) : [];
  const voteLast = useCallback((outcome: Outcome) => last && vote(last, outcome), [last, vote]);
  useVoteShortcuts(lastOutcomes, voteLast);

  const endRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end', behavior: 'smooth' });
  }, [turns.length]);

  // A conversation with one model belongs to the Chat page.
  const messages = thread.data?.messages;
  if (threadId && messages && messages.length > 0 && messages.every((message) => message.comparison_id === null)) return <Navigate to={`/chat/${threadId}`} replace />;

  const disabledReason = !user ? 'Sign in to start a battle' : available.length < 2 ? 'At least two models must be active for a battle' : undefined;
  const here = threadId ? `/arena/${threadId}` : '/';
  const body =
    turns.length === 0 ? (
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
            <Link className="button primary" to={`/login?next=${encodeURIComponent(here)}`}>
              Sign in
            </Link>
            <Link className="button" to={`/signup?next=${encodeURIComponent(here)}`}>
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
            number={index + 1}
            voting={pendingKey === turn.key}
            voteError={errorFor(turn)}
            onVote={(outcome) => vote(turn, outcome)}
            onRegenerate={turn === last && isAnswered(turn) && !running ? (which) => regenerate(turn, which) : undefined}
          />
        ))}
      </div>
    );

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
        {effectiveMode === 'named' && !inThread && available.length > 0 && (
          <div className="pickers">
            <ModelSelect label="Model A" models={available} value={choice[0]} taken={choice[1]} onChange={(id) => setPicked([id, choice[1]])} />
            <span className="versus" aria-hidden="true">
              vs
            </span>
            <ModelSelect label="Model B" models={available} value={choice[1]} taken={choice[0]} onChange={(id) => setPicked([choice[0], id])} />
          </div>
        )}
        {(turns.length > 0 || threadId) && (
          <button
            type="button"
            className="button"
            onClick={() => {
              reset();
              void navigate('/');
            }}
            disabled={running}
            data-testid="new-round"
          >
            New round
          </button>
        )}
      </div>
      <QueryState query={models} loading="Loading models…">
        {threadId && user ? (
          <QueryState query={thread} loading="Loading the battle…">
            {body}
          </QueryState>
        ) : (
          body
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

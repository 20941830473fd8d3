import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { endpoints } from '../api/endpoints';
import { queryKeys, useModels, useSettings } from '../api/queries';
import { chatStreams } from '../api/stream';
import { Composer } from '../components/Composer';
import { ModelSelect } from '../components/ModelSelect';
import { QueryState } from '../components/QueryState';
import { ThreadList } from '../components/ThreadList';
import { ThreadSettings } from '../components/ThreadSettings';
import { Transcript } from '../components/Transcript';
import { useEscapeToStop } from '../hooks/useEscapeToStop';
import { useStoredTurns } from '../hooks/useStoredTurns';
import { useTurns } from '../hooks/useTurns';

const TITLE_CHARS = 60;

export default function ChatPage() {
  const { threadId } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const threads = useQuery({ queryKey: queryKeys.threads, queryFn: endpoints.threads });
  const thread = useQuery({ queryKey: queryKeys.thread(threadId ?? ''), queryFn: () => endpoints.thread(threadId ?? ''), enabled: threadId !== undefined });
  const models = useModels();
  const settings = useSettings();
  const [modelId, setModelId] = useState<string | null>(null);
  const liveThread = useRef<string | null>(null);
  const shownThread = useRef(threadId);
  const { turns: live, running, send, stop, reset } = useTurns((turn) => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.threads });
    if (turn.threadId) void queryClient.invalidateQueries({ queryKey: queryKeys.thread(turn.threadId) });
  });
  useEscapeToStop(running, stop);

  // Live turns belong to the thread they were sent in; another thread starts clean.
  useEffect(() => {
    if (shownThread.current === threadId) return;
    shownThread.current = threadId;
    if (threadId !== liveThread.current) reset();
  }, [threadId, reset]);

  const turns = useStoredTurns(thread.data?.messages, live);
  const available = models.data ?? [];
  const lastModel = thread.data?.messages.findLast((message) => message.model2_id === null)?.model1_id ?? null;
  const chosen = modelId ?? (available.some((model) => model.model_id === lastModel) ? lastModel : available[0]?.model_id) ?? '';

  const sendTo = (id: string, prompt: string) => {
    const model = available.find((candidate) => candidate.model_id === chosen) ?? null;
    return send({ open: chatStreams.message(id, { prompt, model_id: chosen }), prompt, sides: ['model1'], mode: 'named', models: [model, null] });
  };

  const onSend = async (prompt: string): Promise<unknown> => {
    if (threadId) {
      liveThread.current = threadId;
      return sendTo(threadId, prompt);
    }
    try {
      const created = await endpoints.createThread({ title: prompt.trim().slice(0, TITLE_CHARS) });
      liveThread.current = created.thread_id;
      void navigate(`/chat/${created.thread_id}`);
      return await sendTo(created.thread_id, prompt);
    } catch (error) {
      return error;
    }
  };

  // A battle is played and voted in the arena, which shows it whole.
  if (threadId && thread.data?.messages.some((message) => message.comparison_id !== null)) return <Navigate to={`/arena/${threadId}`} replace />;

  return (
    <div className="chat-layout">
      <aside className="chat-sidebar" aria-label="Your conversations">
        <Link to="/chat" className="button primary wide">
          New chat
        </Link>
        <QueryState query={threads} loading="Loading conversations…">
          {threads.data && threads.data.length > 0 ? (
            <ThreadList threads={threads.data} linkTo={(item) => (item.kind === 'battle' ? `/arena/${item.thread_id}` : `/chat/${item.thread_id}`)} />
          ) : (
            <p className="hint">No conversations yet.</p>
          )}
        </QueryState>
      </aside>
      <section className="chat-main">
        {threadId ? (
          <QueryState query={thread} loading="Loading the conversation…">
            {thread.data && <ThreadSettings key={thread.data.thread_id + (thread.data.title ?? '')} thread={thread.data} />}
          </QueryState>
        ) : (
          <div className="arena-intro">
            <h1>Chat with one model</h1>
            <p>Pick a model and ask away. Conversations are private until you share them.</p>
          </div>
        )}
        <Transcript turns={turns} />
        <div className="composer-dock">
          {available.length > 0 && <ModelSelect label="Model" models={available} value={chosen} onChange={setModelId} disabled={running} />}
          <Composer
            placeholder="Message the model…"
            running={running}
            disabled={available.length === 0}
            disabledReason={available.length === 0 ? 'No model is available right now' : undefined}
            maxChars={settings.data?.max_prompt_chars}
            onSend={onSend}
            onStop={stop}
          />
        </div>
      </section>
    </div>
  );
}

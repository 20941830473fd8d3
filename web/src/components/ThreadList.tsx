import { NavLink } from 'react-router';
import type { Thread, ThreadSummary } from '../api/openapi';

export function threadTitle(thread: Pick<Thread, 'title'>): string {
  return thread.title?.trim() || 'Untitled conversation';
}

/** Battles and single-model chats share one list: each says which it is. */
export function KindBadge({ kind }: { kind: ThreadSummary['kind'] }) {
  return <span className={`badge kind-${kind}`}>{kind === 'battle' ? 'Battle' : 'Chat'}</span>;
}

export function ThreadList<T extends ThreadSummary>({ threads, linkTo }: { threads: T[]; linkTo: (thread: T) => string }) {
  return (
    <ul className="thread-list" data-testid="thread-list">
      {threads.map((thread) => (
        <li key={thread.thread_id}>
          <NavLink to={linkTo(thread)} className={({ isActive }) => (isActive ? 'thread-link active' : 'thread-link')}>
            <span className="thread-title">{threadTitle(thread)}</span>
            <span className="thread-meta">
              <KindBadge kind={thread.kind} />
              {thread.visibility && thread.visibility !== 'private' && <span className="badge">{thread.visibility}</span>}
              {thread.created_at && <time dateTime={thread.created_at}>{new Date(thread.created_at).toLocaleDateString()}</time>}
            </span>
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

import { Link } from 'react-router';
import type { PublicThread } from '../api/openapi';
import { KindBadge, threadTitle } from '../components/ThreadList';

/** A published conversation as a card: what was asked, who answered, who shared it. */
export function GalleryCard({ thread }: { thread: PublicThread }) {
  return (
    <li className="gallery-card card" data-testid="gallery-card">
      <h2 className="gallery-title">
        <Link to={`/s/${thread.thread_id}`}>{threadTitle(thread)}</Link>
      </h2>
      {thread.preview && <p className="gallery-preview">{thread.preview}</p>}
      <p className="gallery-models">
        <KindBadge kind={thread.kind} /> {thread.models.length > 0 ? thread.models.join(' vs ') : thread.kind === 'battle' ? 'Anonymous battle, not yet revealed' : null}
      </p>
      <p className="thread-meta">
        {thread.author ? `by ${thread.author}` : 'by a lab member'}
        {thread.created_at && (
          <>
            {' · '}
            <time dateTime={thread.created_at}>{new Date(thread.created_at).toLocaleDateString()}</time>
          </>
        )}
      </p>
    </li>
  );
}

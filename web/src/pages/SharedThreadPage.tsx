import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { endpoints } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import { QueryState } from '../components/QueryState';
import { threadTitle } from '../components/ThreadList';
import { Transcript } from '../components/Transcript';
import { useStoredTurns } from '../hooks/useStoredTurns';

/** A shared conversation, read-only, readable signed out. */
export default function SharedThreadPage() {
  const { threadId = '' } = useParams();
  const shared = useQuery({ queryKey: queryKeys.shared(threadId), queryFn: () => endpoints.sharedThread(threadId) });
  const turns = useStoredTurns(shared.data?.messages);
  if (shared.error instanceof ApiError && shared.error.status === 404) {
    return (
      <div className="state" data-testid="shared-missing">
        <h1>This conversation is not shared</h1>
        <p>Its owner made it private or deleted it, or the link is wrong.</p>
        <Link to="/gallery" className="button">
          Browse the gallery
        </Link>
      </div>
    );
  }
  return (
    <QueryState query={shared} loading="Loading the conversation…">
      {shared.data && (
        <article className="shared" data-testid="shared-thread">
          <header className="page-head">
            <p className="eyebrow">Shared conversation · read-only</p>
            <h1>{threadTitle(shared.data)}</h1>
          </header>
          <Transcript turns={turns} />
          <p className="cta-row">
            <Link to="/" className="button primary">
              Try the arena
            </Link>
          </p>
        </article>
      )}
    </QueryState>
  );
}

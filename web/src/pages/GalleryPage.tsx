import { useQuery } from '@tanstack/react-query';
import { endpoints } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import { QueryState } from '../components/QueryState';
import { GalleryCard } from './GalleryCard';

export default function GalleryPage() {
  const threads = useQuery({ queryKey: queryKeys.publicThreads, queryFn: endpoints.publicThreads });
  return (
    <div className="gallery">
      <header className="page-head">
        <h1>Gallery</h1>
        <p className="lede">Conversations people chose to publish.</p>
      </header>
      <QueryState query={threads} loading="Loading the gallery…">
        {threads.data && threads.data.length > 0 ? (
          <ul className="gallery-grid">
            {threads.data.map((thread) => (
              <GalleryCard key={thread.thread_id} thread={thread} />
            ))}
          </ul>
        ) : (
          <div className="state">
            <h2>Nothing published yet</h2>
            <p>Set a conversation’s visibility to public and it shows here.</p>
          </div>
        )}
      </QueryState>
    </div>
  );
}

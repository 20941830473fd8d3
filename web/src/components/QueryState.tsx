import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorMessage } from '../errors/describeError';

/** Loading and error states of a query, in one place; children render once data is in. */
export function QueryState({ query, loading, children }: { query: Pick<UseQueryResult, 'isPending' | 'isError' | 'error' | 'refetch'>; loading: string; children: ReactNode }) {
  if (query.isPending) {
    return (
      <p className="state loading" role="status">
        <span className="spinner" aria-hidden="true" /> {loading}
      </p>
    );
  }
  if (query.isError) {
    return (
      <div className="state error-state" role="alert">
        <p>{errorMessage(query.error)}</p>
        <button type="button" className="button" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  return <>{children}</>;
}

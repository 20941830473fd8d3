import { useQuery } from '@tanstack/react-query';
import { endpoints } from './endpoints';
import type { ModelRef, PublicModel } from './openapi';

/** Query keys in one place, so invalidations name the same thing as the reads. */
export const queryKeys = {
  models: ['models'] as const,
  settings: ['settings'] as const,
  threads: ['threads'] as const,
  thread: (id: string) => ['threads', id] as const,
  publicThreads: ['public-threads'] as const,
  shared: (id: string) => ['shared', id] as const,
  leaderboard: ['leaderboard'] as const,
  admin: ['admin'] as const,
};

export function useModels() {
  return useQuery({ queryKey: queryKeys.models, queryFn: endpoints.models, staleTime: 60_000 });
}

export function useSettings() {
  return useQuery({ queryKey: queryKeys.settings, queryFn: endpoints.settings, staleTime: 60_000 });
}

/** Looks models up by id; ids of models no longer offered resolve to null. */
export function useModelLookup(): (id: string | null) => ModelRef | null {
  const { data } = useModels();
  const byId = new Map<string, PublicModel>((data ?? []).map((model) => [model.model_id, model]));
  return (id) => (id ? (byId.get(id) ?? null) : null);
}

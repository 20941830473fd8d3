import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { WinRateMatrixQuery } from '../api/endpoints';
import type { Leaderboard } from '../api/openapi';

export type RatingMethod = Leaderboard['method'];

/** What the filter bar shows; `filterQuery` turns it into the API's query string. */
export interface LeaderboardFilters {
  method: RatingMethod;
  blind: boolean;
  since: string | null;
  mine: boolean;
}

/** The filters the table and the matrix share (the matrix has no rating method). */
export function filterQuery({ blind, since, mine }: LeaderboardFilters): WinRateMatrixQuery {
  return { ...(blind && { blind: 'true' }), ...(since !== null && { since }), ...(mine && { mine: 'true' }) };
}

export const TIME_WINDOWS = [
  { value: 'all', label: 'All time', days: null },
  { value: '1d', label: 'Last 24 hours', days: 1 },
  { value: '7d', label: 'Last 7 days', days: 7 },
  { value: '30d', label: 'Last 30 days', days: 30 },
] as const;
export type TimeWindow = (typeof TIME_WINDOWS)[number]['value'];

/** The filters live in the URL, so a filtered leaderboard can be linked to. */
export function useLeaderboardFilters(signedIn: boolean) {
  const [params, setParams] = useSearchParams();
  const method: RatingMethod = params.get('method') === 'elo' ? 'elo' : 'bt';
  const window = (TIME_WINDOWS.find((option) => option.value === params.get('window'))?.value ?? 'all') as TimeWindow;
  const blind = params.get('blind') === 'true';
  const mine = signedIn && params.get('mine') === 'true';

  const filters = useMemo<LeaderboardFilters>(() => {
    const days = TIME_WINDOWS.find((option) => option.value === window)?.days ?? null;
    // Rounded to the hour so the query key (and the cache) stays stable while the page is open.
    const since = days === null ? null : new Date(Math.floor((Date.now() - days * 86_400_000) / 3_600_000) * 3_600_000).toISOString();
    return { method, blind, since, mine };
  }, [method, window, blind, mine]);

  const set = (key: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  return { filters, window, set };
}

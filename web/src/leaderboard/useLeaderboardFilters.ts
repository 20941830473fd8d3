import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { LeaderboardQuery, WinRateMatrixQuery } from '../api/endpoints';
import { type Leaderboard, leaderboardSourceValues } from '../api/openapi';

export type RatingMethod = Leaderboard['method'];
/** Whose preferences are rated: people's votes, evaluation judges' verdicts, or both. */
export type VoteSource = Leaderboard['source'];

/** What the filter bar shows; `filterQuery` and `boardQuery` turn it into the API's query strings. */
export interface LeaderboardFilters {
  method: RatingMethod;
  blind: boolean;
  since: string | null;
  mine: boolean;
  /** A rule or labelled category, or null for every vote. */
  category: string | null;
  /** ISO 639-1, or null for every language. */
  language: string | null;
  /** Style-controlled Bradley–Terry (Bradley–Terry only). */
  styleControl: boolean;
  sort: RowOrder;
  source: VoteSource;
}

export type RowOrder = NonNullable<LeaderboardQuery['sort']>;

/** The filters the table, the matrix and the category overview share. */
export function filterQuery({ blind, since, mine }: LeaderboardFilters): WinRateMatrixQuery {
  return { ...(blind && { blind: 'true' }), ...(since !== null && { since }), ...(mine && { mine: 'true' }) };
}

/** The table's query: the shared filters, the method, the category, the language and the order. */
export function boardQuery(filters: LeaderboardFilters): LeaderboardQuery {
  return {
    method: filters.method,
    ...filterQuery(filters),
    ...(filters.category !== null && { category: filters.category }),
    ...(filters.language !== null && { language: filters.language }),
    ...(filters.styleControl && { style_control: 'true' }),
    ...(filters.sort !== 'rating' && { sort: filters.sort }),
    ...(filters.source !== 'human' && { source: filters.source }),
  };
}

/**
 * The URL parameters of the filters the API refuses with judge verdicts (no voter, blind battle,
 * prompt features or order in time that Elo could follow): only Bradley–Terry and `since` apply.
 */
const HUMAN_ONLY_PARAMS = ['method', 'style', 'blind', 'mine', 'category', 'language'] as const;

export const TIME_WINDOWS = [
  { value: 'all', label: 'All time', days: null },
  { value: '1d', label: 'Last 24 hours', days: 1 },
  { value: '7d', label: 'Last 7 days', days: 7 },
  { value: '30d', label: 'Last 30 days', days: 30 },
] as const;
export type TimeWindow = (typeof TIME_WINDOWS)[number]['value'];

/**
 * The filters a URL asks for. A link that pairs judge verdicts with a human-only filter shows the
 * verdicts with that filter off, never the API's 400.
 */
export function readFilters(params: URLSearchParams, signedIn: boolean, now = Date.now()): { filters: LeaderboardFilters; window: TimeWindow } {
  const source = leaderboardSourceValues.find((value) => value === params.get('source')) ?? 'human';
  const human = source === 'human';
  const method: RatingMethod = human && params.get('method') === 'elo' ? 'elo' : 'bt';
  const window = TIME_WINDOWS.find((option) => option.value === params.get('window')) ?? TIME_WINDOWS[0];
  // Rounded to the hour so the query key (and the cache) stays stable while the page is open.
  const since = window.days === null ? null : new Date(Math.floor((now - window.days * 86_400_000) / 3_600_000) * 3_600_000).toISOString();
  return {
    window: window.value,
    filters: {
      method,
      blind: human && params.get('blind') === 'true',
      since,
      mine: human && signedIn && params.get('mine') === 'true',
      category: human ? params.get('category') : null,
      language: human ? params.get('language') : null,
      styleControl: human && method === 'bt' && params.get('style') === 'true',
      sort: params.get('sort') === 'rating_per_dollar' ? 'rating_per_dollar' : 'rating',
      source,
    },
  };
}

/** The URL changes that pick a source: judge verdicts take the human-only filters out, so a copied link says what it shows. */
export function sourceChanges(picked: VoteSource): Record<string, string | null> {
  return { source: picked === 'human' ? null : picked, ...(picked !== 'human' && Object.fromEntries(HUMAN_ONLY_PARAMS.map((key) => [key, null]))) };
}

/** The filters live in the URL, so a filtered leaderboard can be linked to. */
export function useLeaderboardFilters(signedIn: boolean) {
  const [params, setParams] = useSearchParams();
  const { filters, window } = useMemo(() => readFilters(params, signedIn), [params, signedIn]);

  /** Changes several parameters at once (one history entry, replaced). */
  const update = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  const set = (key: string, value: string | null) => update({ [key]: value });
  const pickSource = (picked: VoteSource) => update(sourceChanges(picked));

  return { filters, window, set, update, pickSource };
}

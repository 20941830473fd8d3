import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { endpoints } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import { useAuth } from '../auth/AuthProvider';
import { QueryState } from '../components/QueryState';
import { CategoryOverviewTable } from './CategoryOverviewTable';
import { EmptyBoard } from './EmptyBoard';
import { ExcludedSummary } from './ExcludedSummary';
import { categoryLabel, languageLabel } from './format';
import { LeaderboardFilterBar } from './LeaderboardFilterBar';
import { LeaderboardTable } from './LeaderboardTable';
import { RatingIntervalChart } from './RatingIntervalChart';
import { SOURCES, SourcePicker } from './SourcePicker';
import { SpeedQualityChart } from './SpeedQualityChart';
import { StyleCoefficients } from './StyleCoefficients';
import { boardQuery, filterQuery, useLeaderboardFilters } from './useLeaderboardFilters';
import { WinRateHeatmap } from './WinRateHeatmap';

export default function LeaderboardPage() {
  const { user } = useAuth();
  const { filters, window, set, update, pickSource } = useLeaderboardFilters(user !== null);
  // The matrix and the category overview count people's votes only: shown with those alone.
  const human = filters.source === 'human';
  const board = useQuery({ queryKey: [...queryKeys.leaderboard, 'board', filters], queryFn: () => endpoints.leaderboard(boardQuery(filters)), placeholderData: (previous) => previous });
  const shared = { ...filters, method: null, category: null, language: null, styleControl: null, sort: null };
  const matrix = useQuery({
    queryKey: [...queryKeys.leaderboard, 'matrix', shared],
    queryFn: () => endpoints.winRateMatrix(filterQuery(filters)),
    enabled: board.isSuccess && human,
    placeholderData: (previous) => previous,
  });
  const overview = useQuery({
    queryKey: [...queryKeys.leaderboard, 'categories', shared],
    queryFn: () => endpoints.categoryOverview(filterQuery(filters)),
    enabled: board.isSuccess && human,
    placeholderData: (previous) => previous,
  });
  const missing = board.error instanceof ApiError && board.error.status === 404;
  const pickCategory = (key: string) =>
    update(key === 'overall' ? { category: null, language: null } : key.startsWith('language:') ? { category: null, language: key.slice('language:'.length) } : { category: key, language: null });
  const scope = [filters.category && categoryLabel(filters.category), filters.language && `prompts in ${languageLabel(filters.language)}`].filter(Boolean).join(', ');

  return (
    <div className="leaderboard">
      <header className="page-head">
        <h1>Leaderboard</h1>
        <p className="lede">
          {human ? 'Ratings from every vote in the arena. Bradley–Terry fits all votes at once and gives 95% confidence intervals; Elo updates in vote order.' : 'Bradley–Terry ratings with 95% confidence intervals.'}
          {board.data && (
            <>
              {' '}
              <span data-testid="total-votes">{board.data.votes}</span> {SOURCES[filters.source].counted[board.data.votes === 1 ? 0 : 1]} counted{scope && ` (${scope})`}.
            </>
          )}
        </p>
        {board.data && <ExcludedSummary excluded={board.data.excluded} blind={filters.blind} />}
      </header>
      <SourcePicker source={filters.source} onPick={pickSource} />
      <LeaderboardFilterBar filters={filters} window={window} signedIn={user !== null} categories={overview.data?.categories ?? []} onChange={set} />
      {missing ? (
        <div className="state" data-testid="leaderboard-unavailable">
          <h2>The leaderboard is not available yet</h2>
          <p>This server does not serve ratings yet. Votes you cast are kept and will count once it does.</p>
        </div>
      ) : (
        <QueryState query={board} loading="Computing ratings…">
          {board.data && board.data.models.length === 0 ? (
            <EmptyBoard filters={filters} />
          ) : (
            board.data && (
              <>
                <LeaderboardTable rows={board.data.models} method={board.data.method} minVotes={board.data.min_votes_to_rank} sort={filters.sort} onSort={(order) => set('sort', order === 'rating' ? null : order)} />
                {board.data.style_coefficients && <StyleCoefficients coefficients={board.data.style_coefficients} />}
                {board.data.models.some((row) => row.preliminary) && (
                  <p className="muted" data-testid="preliminary-note">
                    Greyed models have fewer than {board.data.min_votes_to_rank} votes here: their ratings are preliminary, and they are ranked after every model that has enough.
                  </p>
                )}
                <div className="charts">
                  {board.data.method === 'bt' && <RatingIntervalChart rows={board.data.models} />}
                  <SpeedQualityChart rows={board.data.models} />
                  {human && matrix.data && <WinRateHeatmap matrix={matrix.data} />}
                  {human && overview.data && <CategoryOverviewTable overview={overview.data} selected={filters.language ? `language:${filters.language}` : filters.category} onPick={pickCategory} />}
                </div>
              </>
            )
          )}
        </QueryState>
      )}
    </div>
  );
}

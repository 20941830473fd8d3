import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { endpoints, type ExcludedVotesQuery } from '../api/endpoints';
import { type ExcludedVote, pathsApiAdminLeaderboardExcludedGetParametersQueryReasonValues as REASONS } from '../api/openapi';
import { queryKeys } from '../api/queries';
import { QueryState } from '../components/QueryState';

type Reason = ExcludedVote['reason'];

const REASON_TEXT: Record<Reason, string> = {
  failed: 'A side failed, was cut off or came back empty',
  identity_leak: 'An answer named a model or its maker: not a blind vote',
  duplicate: 'The prompt was asked far more often than others: sampled down',
  daily_cap: 'Beyond the daily cap of its voter',
};

const PAGE = 50;

/** The votes the leaderboard leaves out, with why: the rows stay, they just do not count. */
export function ExcludedVotesPanel() {
  const [reason, setReason] = useState<Reason | ''>('');
  const [offset, setOffset] = useState(0);
  const query: ExcludedVotesQuery = { limit: PAGE, offset, ...(reason && { reason }) };
  const votes = useQuery({ queryKey: [...queryKeys.admin, 'excluded-votes', query], queryFn: () => endpoints.admin.excludedVotes(query), placeholderData: (previous) => previous });
  const total = votes.data?.total ?? 0;
  return (
    <div className="admin-section" data-testid="excluded-votes">
      <p className="muted">
        Votes the leaderboard leaves out by its hygiene rules (settings <code>identity_leak_check</code>, <code>dedup_prompts</code>, <code>daily_vote_cap</code>). Nothing is deleted.
      </p>
      <div className="field inline">
        <label htmlFor="excluded-reason">Reason</label>
        <select
          id="excluded-reason"
          value={reason}
          onChange={(event) => {
            setReason(REASONS.find((value) => value === event.target.value) ?? '');
            setOffset(0);
          }}
        >
          <option value="">Every reason</option>
          {REASONS.map((value) => (
            <option key={value} value={value}>
              {value.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </div>
      <QueryState query={votes} loading="Loading excluded votes…">
        <div className="card table-wrap">
          <table className="table">
            <caption>
              {total} {total === 1 ? 'vote' : 'votes'} left out
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Battle</th>
                <th scope="col">Vote</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {votes.data?.votes.map((vote) => (
                <tr key={vote.vote_id}>
                  <td>{vote.created_at ? new Date(vote.created_at).toLocaleString() : '—'}</td>
                  <th scope="row">
                    {vote.model1?.model_name ?? '?'} vs {vote.model2?.model_name ?? '?'}
                    {vote.blind && <span className="badge">blind</span>}
                  </th>
                  <td>{vote.outcome ?? 'legacy'}</td>
                  <td title={REASON_TEXT[vote.reason]}>{vote.reason.replaceAll('_', ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="pager">
          <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Newer
          </button>
          <button type="button" className="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            Older
          </button>
        </div>
      </QueryState>
    </div>
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../errors/describeError';
import { endpoints } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import type { Outcome } from '../api/openapi';
import type { Turn, TurnAction } from './turnState';

/** Votes on a turn's comparison and writes the revealed models back into the turn. */
export function useVote(dispatch: (key: string, action: TurnAction) => void) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ turn, outcome }: { turn: Turn; outcome: Outcome }) => endpoints.vote(turn.comparisonId ?? '', outcome),
    onSuccess: (answer, { turn, outcome }) => {
      dispatch(turn.key, { event: 'voted', vote: { outcome, models: [answer.model1, answer.model2] } });
      void queryClient.invalidateQueries({ queryKey: queryKeys.leaderboard });
      // A vote can reveal the pair on every turn of the thread: read it again.
      if (turn.threadId) void queryClient.invalidateQueries({ queryKey: queryKeys.thread(turn.threadId) });
    },
  });
  return {
    vote: (turn: Turn, outcome: Outcome) => {
      if (!mutation.isPending) mutation.mutate({ turn, outcome });
    },
    pendingKey: mutation.isPending ? mutation.variables.turn.key : null,
    errorFor: (turn: Turn) => (mutation.isError && mutation.variables.turn.key === turn.key ? errorMessage(mutation.error) : null),
  };
}

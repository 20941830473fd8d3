import { useMutation, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../api/queries';

/** An admin change: afterwards every admin view, and the public model list, is re-read. */
export function useAdminMutation<TVariables, TResult>(mutationFn: (variables: TVariables) => Promise<TResult>, onSuccess?: (result: TResult) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin });
      void queryClient.invalidateQueries({ queryKey: queryKeys.models });
      void queryClient.invalidateQueries({ queryKey: queryKeys.settings });
      onSuccess?.(result);
    },
  });
}

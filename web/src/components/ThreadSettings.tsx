import { DeleteButton } from './DeleteButton';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../errors/describeError';
import { endpoints } from '../api/endpoints';
import { queryKeys, useSettings } from '../api/queries';
import { type Thread, type ThreadPatch, type Visibility, visibilityValues } from '../api/openapi';
import { oneOf } from '../api/oneOf';
import { CopyButton } from './CopyButton';
import { threadTitle } from './ThreadList';

const VISIBILITY_TEXT: Record<Visibility, string> = {
  private: 'Private — only you',
  unlisted: 'Unlisted — anyone with the link',
  public: 'Public — listed in the gallery',
};

/** Rename, share (visibility and link) and delete one of the caller's threads. */
export function ThreadSettings({ thread }: { thread: Thread }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sharingAllowed = useSettings().data?.public_sharing ?? false;
  const [title, setTitle] = useState(threadTitle(thread));
  const [renaming, setRenaming] = useState(false);

  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.threads });
  const update = useMutation({
    mutationFn: (patch: ThreadPatch) => endpoints.updateThread(thread.thread_id, patch),
    onSuccess: () => {
      setRenaming(false);
      void refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => endpoints.deleteThread(thread.thread_id),
    onSuccess: () => {
      void refresh();
      void navigate('/chat', { replace: true });
    },
  });

  const rename = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim()) update.mutate({ title: title.trim() });
  };
  const visibility = oneOf(visibilityValues, thread.visibility, 'private');
  const shareUrl = `${window.location.origin}/s/${thread.thread_id}`;

  return (
    <div className="thread-settings">
      {renaming ? (
        <form className="rename" onSubmit={rename}>
          <label htmlFor="thread-title" className="visually-hidden">
            Title
          </label>
          <input id="thread-title" value={title} maxLength={200} onChange={(event) => setTitle(event.target.value)} autoFocus />
          <button type="submit" className="button small primary" disabled={update.isPending}>
            Save
          </button>
          <button type="button" className="button small" onClick={() => setRenaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="thread-title-row">
          <h1 className="thread-heading">{threadTitle(thread)}</h1>
          <button type="button" className="button small" onClick={() => setRenaming(true)}>
            Rename
          </button>
          <DeleteButton question={`Delete “${threadTitle(thread)}”? Its messages are removed; votes stay on the leaderboard.`} disabled={remove.isPending} onConfirm={() => remove.mutate()} />
        </div>
      )}
      <div className="share-row">
        <div className="field inline">
          <label htmlFor="visibility">Visibility</label>
          <select id="visibility" value={visibility} disabled={update.isPending} onChange={(event) => update.mutate({ visibility: oneOf(visibilityValues, event.target.value, visibility) })}>
            {visibilityValues.map((option) => (
              <option key={option} value={option} disabled={option !== 'private' && !sharingAllowed}>
                {VISIBILITY_TEXT[option]}
              </option>
            ))}
          </select>
        </div>
        {visibility !== 'private' && (
          <div className="share-link">
            <label htmlFor="share-url" className="visually-hidden">
              Share link
            </label>
            <input id="share-url" data-testid="share-url" readOnly value={shareUrl} onFocus={(event) => event.target.select()} />
            <CopyButton text={shareUrl} label="Copy link" />
          </div>
        )}
        {!sharingAllowed && <p className="hint">Sharing is turned off on this lab.</p>}
      </div>
      {(update.isError || remove.isError) && (
        <p className="form-error" role="alert">
          {errorMessage(update.error ?? remove.error)}
        </p>
      )}
    </div>
  );
}

import { useEffect } from 'react';
import type { Outcome } from '../api/openapi';
import { VOTE_CHOICES } from '../components/VoteBar';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** Keys 1–4 vote, unless the user is typing somewhere. */
export function useVoteShortcuts(enabled: boolean, onVote: (outcome: Outcome) => void): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const choice = VOTE_CHOICES.find((candidate) => candidate.key === event.key);
      if (!choice) return;
      event.preventDefault();
      onVote(choice.outcome);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled, onVote]);
}

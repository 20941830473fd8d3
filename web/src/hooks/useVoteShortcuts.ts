import { useLayoutEffect } from 'react';
import type { Outcome } from '../api/openapi';
import { VOTE_CHOICES } from '../components/VoteBar';

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** Keys 1–4 vote (those of `outcomes` only), unless the user is typing somewhere. */
export function useVoteShortcuts(outcomes: Outcome[], onVote: (outcome: Outcome) => void): void {
  const enabled = outcomes.length > 0;
  const allowed = outcomes.join(' ');
  // A layout effect listens from the commit that shows the vote bar: a passive one could start
  // after a key pressed as the bar appeared (input outranks React's scheduled work), losing it.
  useLayoutEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const choice = VOTE_CHOICES.find((candidate) => candidate.key === event.key);
      if (!choice || !allowed.split(' ').includes(choice.outcome)) return;
      event.preventDefault();
      onVote(choice.outcome);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled, allowed, onVote]);
}

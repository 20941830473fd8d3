import { describe, expect, it } from 'vitest';
import { boardQuery, readFilters, sourceChanges } from './useLeaderboardFilters';

const NOW = Date.parse('2026-11-30T12:34:56Z');
const read = (query: string, signedIn = true) => readFilters(new URLSearchParams(query), signedIn, NOW);

describe('leaderboard filters from the URL', () => {
  const everything = 'method=elo&style=true&blind=true&mine=true&category=coding&language=de&window=7d&sort=rating_per_dollar';

  it('keeps every human filter with people’s votes', () => {
    const { filters, window } = read(everything);
    expect(window).toBe('7d');
    expect(filters).toMatchObject({ source: 'human', method: 'elo', blind: true, mine: true, category: 'coding', language: 'de', sort: 'rating_per_dollar', since: '2026-11-23T12:00:00.000Z' });
    expect(boardQuery(filters)).not.toHaveProperty('source');
  });

  it('asks for judge verdicts with Bradley–Terry, the time window and the order alone', () => {
    const { filters } = read(`${everything}&source=judge`);
    expect(boardQuery(filters)).toEqual({ method: 'bt', since: '2026-11-23T12:00:00.000Z', sort: 'rating_per_dollar', source: 'judge' });
    expect(read('source=all&style=true').filters).toMatchObject({ source: 'all', styleControl: false });
  });

  it('reads an unknown source as people’s votes', () => {
    expect(read('source=robots&method=elo').filters).toMatchObject({ source: 'human', method: 'elo' });
  });

  it('takes the human-only filters out of the URL when verdicts are picked, and nothing else', () => {
    expect(sourceChanges('judge')).toEqual({ source: 'judge', method: null, style: null, blind: null, mine: null, category: null, language: null });
    expect(sourceChanges('human')).toEqual({ source: null });
  });
});

import { closest, distance } from 'fastest-levenshtein';

/** The closest candidate, when it is close enough to be a typo rather than a different word. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, [...candidates]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(word.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

/** "did you mean 'x'?" or, with nothing close, the list to choose from. */
export function suggest(word: string, candidates: readonly string[], listLabel: string): string | undefined {
  const match = closestMatch(word, candidates);
  if (match !== undefined) return `did you mean '${match}'?`;
  if (candidates.length === 0) return undefined;
  return `${listLabel}: ${candidates.join(', ')}`;
}

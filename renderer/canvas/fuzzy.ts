/**
 * A small fuzzy matcher for the node palette: every word of the query must occur
 * in the text, as a substring (best, more so at a word start) or as a subsequence
 * (letters in order with gaps). Higher is better; null is no match.
 */
export function fuzzyScore(query: string, text: string): number | null {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = text.toLowerCase();
  let total = 0;
  for (const word of words) {
    const score = wordScore(word, hay);
    if (score === null) return null;
    total += score;
  }
  return total;
}

const isWordStart = (hay: string, i: number): boolean => i === 0 || /[^a-z0-9]/.test(hay[i - 1]!);

function wordScore(word: string, hay: string): number | null {
  let best: number | null = null;
  for (let at = hay.indexOf(word); at >= 0; at = hay.indexOf(word, at + 1)) {
    const score = 100 + word.length * 10 + (isWordStart(hay, at) ? 60 : 0) - Math.min(at, 50);
    if (best === null || score > best) best = score;
  }
  if (best !== null) return best;
  // Subsequence: letters in order; gaps cost, word starts earn.
  let score = 0;
  let from = 0;
  let last = -1;
  for (const ch of word) {
    const i = hay.indexOf(ch, from);
    if (i < 0) return null;
    score += (isWordStart(hay, i) ? 8 : 2) - (last >= 0 ? Math.min(i - last - 1, 5) : 0);
    last = i;
    from = i + 1;
  }
  return score;
}

/** Items ranked by score (best first); ties keep their given order. */
export function fuzzyFilter<T>(items: readonly T[], query: string, text: (item: T) => string): T[] {
  if (query.trim() === '') return [...items];
  const scored: Array<{ item: T; score: number; index: number }> = [];
  items.forEach((item, index) => {
    const score = fuzzyScore(query, text(item));
    if (score !== null) scored.push({ item, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((s) => s.item);
}

// Alternatives for a word of the transcript, from an n-best list (trace.ts NBestEntry: CTC beam, AT beam or
// rescoring): each other entry's words are aligned with the best entry's by a word-level edit alignment
// (Levenshtein: substitutions, insertions and deletions cost 1, matches nothing), and what an entry holds where the
// best has word i is that word's alternative. Simple on purpose: the n-best of one segment differ in a few words.

/** Another word an n-best held at a word of the best entry. */
export interface WordAlternative {
  /** The word, or '' where the entries have no word there (they leave it out). */
  word: string;
  /** The n-best ranks (0 is the best entry) that hold it, in order. */
  entries: number[];
}

export function textWordsOf(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

/**
 * For each word of `a`, the index of the word of `b` it is aligned with (a match or a substitution), or -1 where
 * `b` leaves it out. Among alignments of equal cost, matches and substitutions come first.
 */
export function alignWords(a: readonly string[], b: readonly string[]): number[] {
  const n = a.length;
  const m = b.length;
  const cost = new Array<number>((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = 0; i <= n; i++) cost[at(i, 0)] = i;
  for (let j = 0; j <= m; j++) cost[at(0, j)] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      cost[at(i, j)] = Math.min(cost[at(i - 1, j - 1)]! + (a[i - 1] === b[j - 1] ? 0 : 1), cost[at(i - 1, j)]! + 1, cost[at(i, j - 1)]! + 1);
    }
  }
  const aligned = new Array<number>(n).fill(-1);
  let i = n;
  let j = m;
  while (i > 0) {
    if (j > 0 && cost[at(i, j)] === cost[at(i - 1, j - 1)]! + (a[i - 1] === b[j - 1] ? 0 : 1)) aligned[--i] = --j;
    else if (cost[at(i, j)] === cost[at(i - 1, j)]! + 1) i--; // b leaves a[i - 1] out
    else j--; // b has a word more here
  }
  return aligned;
}

/**
 * The words other n-best entries held where the best entry (`nBest[0]`) has word `wordIndex`, each once, in the order
 * the entries first hold it; the best's own word is not among them.
 */
export function wordAlternatives(nBest: readonly { text: string }[], wordIndex: number): WordAlternative[] {
  const best = textWordsOf(nBest[0]?.text ?? '');
  if (!(wordIndex >= 0 && wordIndex < best.length)) throw new Error(`word ${wordIndex} is outside the best entry's ${best.length} words`);
  const found = new Map<string, number[]>();
  nBest.forEach((entry, rank) => {
    if (rank === 0) return;
    const words = textWordsOf(entry.text);
    const j = alignWords(best, words)[wordIndex]!;
    const word = j < 0 ? '' : words[j]!;
    if (word === best[wordIndex]) return;
    const entries = found.get(word);
    if (entries) entries.push(rank);
    else found.set(word, [rank]);
  });
  return [...found].map(([word, entries]) => ({ word, entries }));
}

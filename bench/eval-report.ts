// The printed table of `npm run eval`.

import { NORMALISATION } from './error-counts';
import { markdownTable, percent } from './table';
import type { SystemResult } from './workbench-systems';

/** % of the words of `hypotheses` that `known` rejects. */
export function nonWordShare(hypotheses: readonly string[], known: (word: string) => boolean): number {
  const words = hypotheses.flatMap((h) => h.split(' ').filter((w) => w !== ''));
  return words.length === 0 ? 0 : (100 * words.filter((w) => !known(w)).length) / words.length;
}

export function evalTable(results: readonly SystemResult[]): string {
  const withNonWords = results.some((r) => r.nonWords !== undefined);
  const rows = results.map((r) => [
    r.system,
    percent(r.rates.wer),
    r.rates.words.substitutions,
    r.rates.words.deletions,
    r.rates.words.insertions,
    r.rates.words.n,
    percent(r.rates.cer),
    `${r.rates.exact}/${r.rates.utterances}`,
    r.rtf.toFixed(3),
    r.cpuRtf?.toFixed(3),
    ...(withNonWords ? [r.nonWords === undefined ? '' : `${r.nonWords.toFixed(1)} %`] : []),
  ]);
  const table = markdownTable(['system', 'WER', 'S', 'D', 'I', 'ref words', 'CER', 'exact', 'RTF (wall)', 'RTF (CPU)', ...(withNonWords ? ['non-words'] : [])], rows);
  const notes = results.filter((r) => r.note).map((r) => `- ${r.system}: ${r.note}`);
  return [table, '', `Normalisation: ${NORMALISATION}.`, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

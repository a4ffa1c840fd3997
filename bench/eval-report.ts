// The printed table of `npm run eval`.

import { NORMALISATION } from './error-counts';
import { markdownTable, percent } from './table';
import type { SystemResult } from './workbench-systems';

export function evalTable(results: readonly SystemResult[]): string {
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
  ]);
  const table = markdownTable(['system', 'WER', 'S', 'D', 'I', 'ref words', 'CER', 'exact', 'RTF (wall)', 'RTF (CPU)'], rows);
  const notes = results.filter((r) => r.note).map((r) => `- ${r.system}: ${r.note}`);
  return [table, '', `Normalisation: ${NORMALISATION}.`, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

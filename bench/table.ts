// Markdown tables for the printed reports (they paste straight into docs/benchmarks.md).

export type Cell = string | number | undefined;

export function markdownTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cell = (c: Cell) => (c === undefined ? '–' : String(c));
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

export const ms = (value: number | undefined, digits = 1): string | undefined => (value === undefined ? undefined : value.toFixed(digits));
export const ratio = (value: number | undefined, digits = 2): string | undefined => (value === undefined || !Number.isFinite(value) ? undefined : `${value.toFixed(digits)}×`);
export const percent = (value: number | undefined, digits = 1): string | undefined => (value === undefined ? undefined : `${(100 * value).toFixed(digits)} %`);

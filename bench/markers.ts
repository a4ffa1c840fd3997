// Marked regions in a Markdown file: a line `<!-- tables:NAME -->`, the generated text, a line
// `<!-- /tables:NAME -->`. `npm run bench:tables` replaces the lines between the two markers and nothing
// else, so whatever was written by hand around a table survives every refresh byte for byte.

const OPENING = /^<!-- tables:([a-z0-9][a-z0-9-]*) -->$/;
const CLOSING = /^<!-- \/tables:([a-z0-9][a-z0-9-]*) -->$/;
/** A line that starts like a marker but is not one: a typo there would otherwise silently drop a region. */
const MARKER_LIKE = /^\s*<!--\s*\/?\s*tables\s*:\s*(\S*?)(?=\s|-->|$)/;

export interface MarkedRegion {
  name: string;
  /** 1-based line numbers of the two marker lines. */
  openingLine: number;
  closingLine: number;
}

export class MarkerError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly regionName: string,
    problem: string,
  ) {
    super(`${file}:${line}: tables:${regionName}: ${problem}`);
    this.name = 'MarkerError';
  }
}

/** The regions of `text` in file order; throws MarkerError for an unclosed, stray, nested, duplicate or misspelt marker. */
export function findRegions(text: string, file: string): MarkedRegion[] {
  const regions: MarkedRegion[] = [];
  const seen = new Map<string, number>();
  let open: { name: string; line: number } | undefined;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = index + 1;
    // Trailing blanks (and a CR) are invisible in an editor; they should not make a marker malformed.
    const trimmed = raw.trimEnd();
    const opening = OPENING.exec(trimmed)?.[1];
    const closing = CLOSING.exec(trimmed)?.[1];
    if (opening !== undefined) {
      if (open) throw new MarkerError(file, line, opening, `opens inside tables:${open.name} (opened at line ${open.line}); regions cannot nest`);
      const first = seen.get(opening);
      if (first !== undefined) throw new MarkerError(file, line, opening, `marked twice in this file (first at line ${first})`);
      seen.set(opening, line);
      open = { name: opening, line };
    } else if (closing !== undefined) {
      if (!open) throw new MarkerError(file, line, closing, 'closing marker without an opening one');
      if (closing !== open.name) throw new MarkerError(file, line, closing, `closing marker inside tables:${open.name} (opened at line ${open.line})`);
      regions.push({ name: open.name, openingLine: open.line, closingLine: line });
      open = undefined;
    } else {
      const lookalike = MARKER_LIKE.exec(trimmed);
      if (lookalike) throw new MarkerError(file, line, lookalike[1] || '?', `malformed marker "${trimmed}" (expected <!-- tables:NAME --> or <!-- /tables:NAME --> alone on the line, NAME in a-z, 0-9 and -)`);
    }
  }
  if (open) throw new MarkerError(file, open.line, open.name, `no closing <!-- /tables:${open.name} --> after it`);
  return regions;
}

export interface RegionUpdate {
  /** The file with every region whose block was given replaced. */
  text: string;
  /** Regions whose text would change: what `--check` reports. */
  changed: string[];
  unchanged: string[];
  /** Regions with no block: left as they are. */
  missing: string[];
}

/** Replaces the text between each region's markers with `blocks.get(NAME)`; every other byte stays as it is. */
export function replaceRegions(text: string, file: string, blocks: ReadonlyMap<string, string>): RegionUpdate {
  const lines = text.split('\n');
  const update: RegionUpdate = { text, changed: [], unchanged: [], missing: [] };
  const output: string[] = [];
  let next = 0; // index of the first line not yet copied
  for (const region of findRegions(text, file)) {
    const block = blocks.get(region.name);
    if (block === undefined) {
      update.missing.push(region.name);
      continue;
    }
    const current = lines.slice(region.openingLine, region.closingLine - 1);
    const replacement = block === '' ? [] : block.split('\n');
    const same = current.length === replacement.length && current.every((line, i) => line === replacement[i]);
    (same ? update.unchanged : update.changed).push(region.name);
    output.push(...lines.slice(next, region.openingLine), ...replacement);
    next = region.closingLine - 1;
  }
  output.push(...lines.slice(next));
  update.text = output.join('\n');
  return update;
}

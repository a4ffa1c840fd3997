// `npm run bench:tables -- [--check] [--results DIR]`: puts the tables of the saved bench and eval results
// (bench/results/bench-latest*.json, eval-latest.json) between their markers in README.md and
// docs/benchmarks.md, instead of pasting them by hand. Only I/O here: the markers are bench/markers.ts,
// the choice of file and the rendering bench/tables-from-results.ts.

import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MarkerError, replaceRegions, type RegionUpdate } from './markers';
import { fromUser, ROOT } from './paths';
import { chooseNewest, parseResultsFile, renderBlocks, resultsKind, type ResultsFile, type ResultsSource } from './tables-from-results';
import { parseTablesOptions, TABLES_USAGE, type TablesOptions } from './tables-options';

const DOCUMENTS = ['README.md', 'docs/benchmarks.md'];

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}
function fail(message: string): never {
  process.stderr.write(`bench:tables: ${message}\n`);
  process.exit(2);
}
const describeSource = (s: ResultsSource) => `${s.file} (${s.cpu}, ${s.date})`;

let options: TablesOptions;
try {
  options = parseTablesOptions(process.argv.slice(2));
} catch (error) {
  fail(`${(error as Error).message}\n${TABLES_USAGE}`);
}
if (options.help) {
  say(TABLES_USAGE);
  process.exit(0);
}
const { check } = options;
const folder = options.results ? fromUser(options.results) : path.join(ROOT, 'bench/results');

// Sorted, so that of two files with the same machine.date the same one wins on every machine.
let names: string[] = [];
let folderMissing = false;
try {
  names = (await readdir(folder)).sort();
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') fail(`${folder}: ${(error as Error).message}`);
  folderMissing = true;
}
const files: ResultsFile[] = [];
for (const name of names) {
  const kind = resultsKind(name);
  if (!kind) continue;
  try {
    files.push(parseResultsFile(name, kind, await readFile(path.join(folder, name), 'utf8')));
  } catch (error) {
    fail(`in ${folder}: ${(error as Error).message}`);
  }
}

const shownFolder = folder.startsWith(`${ROOT}${path.sep}`) ? path.relative(ROOT, folder) : folder;
say(`results in ${shownFolder}: ${files.length ? files.map((f) => f.file).join(', ') : folderMissing ? 'none (no such folder)' : 'none'}`);
for (const choice of chooseNewest(files)) {
  const older = choice.older.length ? `; newer than ${choice.older.map(describeSource).join(', ')}` : '';
  say(`  ${choice.part}: ${describeSource(choice.source)}${older}`);
}

const blocks = renderBlocks(files);
const texts = new Map([...blocks].map(([name, block]) => [name, block.text]));
// Every document is parsed before anything is written, so a malformed marker anywhere writes nothing.
const updates: { document: string; before: string; update: RegionUpdate }[] = [];
for (const document of DOCUMENTS) {
  const before = await readFile(path.join(ROOT, document), 'utf8');
  try {
    updates.push({ document, before, update: replaceRegions(before, document, texts) });
  } catch (error) {
    if (error instanceof MarkerError) fail(error.message);
    throw error;
  }
}

const marked = new Set<string>();
for (const { document, update } of updates) {
  say(`${document}:`);
  for (const name of [...update.unchanged, ...update.changed].sort()) {
    marked.add(name);
    const state = update.changed.includes(name) ? (check ? 'would change' : 'updated') : 'unchanged';
    say(`  ${name}: ${state}, from ${describeSource(blocks.get(name)!.source)}`);
  }
  for (const name of update.missing) say(`  not in the results: ${name}`);
}
const unmarked = [...blocks.keys()].filter((name) => !marked.has(name));
if (unmarked.length) say(`rendered, but marked in neither file: ${unmarked.join(', ')}`);

const changed = updates.flatMap(({ document, update }) => update.changed.map((name) => `${document} ${name}`));
if (check) {
  say(changed.length ? `--check: ${changed.length} region(s) would change: ${changed.join(', ')}` : '--check: no marked region would change');
  process.exitCode = changed.length ? 1 : 0;
} else {
  for (const { document, before, update } of updates) {
    if (update.text !== before) await writeFile(path.join(ROOT, document), update.text);
  }
  say(changed.length ? `wrote ${changed.length} region(s)` : 'nothing to write');
}

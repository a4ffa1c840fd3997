// The tables `npm run bench` and `npm run eval` printed, rendered again from the JSON they saved, with
// the same renderers and the same inputs, so a region refreshed from a file reads exactly as that run's
// output did. Each bench part (and each eval manifest) is taken from the newest file that holds it; the
// scaling table row by row (per file length and decoder), because a --quick run times the 1- and 6-minute
// files only and must not drop the 60-minute row that an earlier, longer run measured.

import path from 'node:path';
import type { BenchPart } from './bench-options';
import type { BenchMeasurements } from './bench-results';
import { browserTable, nodeTable, scalingTable, speedUpTable, streamingTable } from './bench-report';
import { evalTable } from './eval-report';
import type { MachineInfo } from './machine';
import type { ScalingResult } from './scaling';
import type { SystemResult } from './workbench-systems';

/** bench/bench.ts's JSON: a saved file may lack any part (skipped, or Chromium missing). */
export type BenchResults = Partial<BenchMeasurements> & { machine: MachineInfo };

/** bench/eval.ts's JSON (the hypotheses are kept per utterance, not per system). */
export interface EvalResults {
  manifest: string;
  machine: MachineInfo;
  systems: Omit<SystemResult, 'hypotheses'>[];
}

export type ResultsFile = { file: string; kind: 'bench'; results: BenchResults } | { file: string; kind: 'eval'; results: EvalResults };

export interface ResultsSource {
  file: string;
  cpu: string;
  date: string;
}

export interface RenderedBlock {
  name: string;
  text: string;
  source: ResultsSource;
}

/** One measured part (a bench part, or the eval of one manifest) as one file holds it. */
interface PartInFile {
  part: string;
  source: ResultsSource;
  render: () => [name: string, text: string][];
  /** A scaling part holds one row; renderBlocks joins the newest row of each length into one table. */
  scalingRow?: ScalingResult;
}

export interface PartChoice {
  part: string;
  source: ResultsSource;
  /** Files that also hold the part, with an older machine.date. */
  older: ResultsSource[];
}

/** The kind of results a file in the results folder holds, by the names bench.ts and eval.ts give them; undefined for any other file. */
export function resultsKind(fileName: string): 'bench' | 'eval' | undefined {
  if (/^bench-latest(-[^/]+)?\.json$/.test(fileName)) return 'bench';
  if (fileName === 'eval-latest.json') return 'eval';
  return undefined;
}

/** Checks what the renderers rely on; an error names the file. */
export function parseResultsFile(file: string, kind: 'bench' | 'eval', json: string): ResultsFile {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const record = value as Record<string, unknown> | null;
  const machine = record?.['machine'] as Partial<MachineInfo> | undefined;
  if (typeof machine?.date !== 'string' || Number.isNaN(Date.parse(machine.date))) throw new Error(`${file}: no machine.date`);
  if (kind === 'eval') {
    if (!Array.isArray(record!['systems']) || typeof record!['manifest'] !== 'string') throw new Error(`${file}: no manifest and systems`);
    return { file, kind, results: value as EvalResults };
  }
  for (const part of ['node', 'browser', 'streaming', 'scaling'] as const) {
    if (record![part] !== undefined && !Array.isArray(record![part])) throw new Error(`${file}: ${part} is not a list`);
  }
  return { file, kind, results: value as BenchResults };
}

/** `eval-` and the manifest's file name without extension: a run on another manifest fills another region. */
export function evalBlockName(manifest: string): string {
  const base = path.basename(manifest).replace(/\.[^.]*$/, '');
  return `eval-${base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'manifest'}`;
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');

function benchParts(file: string, results: BenchResults): PartInFile[] {
  const source = sourceOf(file, results.machine);
  // A failed part may have left what it measured before failing (streaming does); the run printed "failed".
  const failed = new Set((results.failures ?? []).map((f) => f.part));
  const has = <T>(part: BenchPart, data: T | undefined): data is T => data !== undefined && !failed.has(part);
  const parts: PartInFile[] = [];
  const { node, browser, streaming, scaling } = results;
  if (has('node', node)) {
    parts.push({ part: 'node', source, render: () => [['node', nodeTable(node)], ['node-speedup', speedUpTable(node)]] });
  }
  if (has('browser', browser)) {
    // As bench.ts: the RTF column adds the feature times of the same run's Node part, none when it skipped it.
    const nodeFeatureMs = new Map((results.node ?? []).map((u) => [u.utterance, u.featureMs]));
    parts.push({
      part: 'browser',
      source,
      render: () => [['browser', browserTable(browser, nodeFeatureMs)], ...browser.filter((run) => !run.error).map((run): [string, string] => [`browser-speedup-${slug(run.backend)}`, speedUpTable(run.utterances)])],
    });
  }
  if (has('streaming', streaming)) parts.push({ part: 'streaming', source, render: () => [['streaming', streamingTable(streaming)]] });
  if (has('scaling', scaling)) {
    for (const row of scaling) parts.push({ part: `scaling ${row.minutes} min ${row.decoder}`, source, render: () => [], scalingRow: row });
  }
  return parts;
}

function evalParts(file: string, results: EvalResults): PartInFile[] {
  const name = evalBlockName(results.manifest);
  // evalTable reads no hypotheses; the JSON keeps them per utterance instead.
  const systems: SystemResult[] = results.systems.map((s) => ({ ...s, hypotheses: [] }));
  return [{ part: name, source: sourceOf(file, results.machine), render: () => [[name, evalTable(systems)]] }];
}

function sourceOf(file: string, machine: MachineInfo): ResultsSource {
  return { file, cpu: machine.cpu, date: machine.date };
}

/** Whether a was measured after b (as times: the dates may carry different offsets). */
const measuredAfter = (a: ResultsSource, b: ResultsSource) => Date.parse(a.date) > Date.parse(b.date);

/** Per part, the file with the newest machine.date (on a tie, the first given) and the files it was preferred to. */
function newestParts(files: readonly ResultsFile[]): { part: PartInFile; older: ResultsSource[] }[] {
  const chosen = new Map<string, { part: PartInFile; older: ResultsSource[] }>();
  for (const f of files) {
    for (const part of f.kind === 'bench' ? benchParts(f.file, f.results) : evalParts(f.file, f.results)) {
      const current = chosen.get(part.part);
      if (!current) chosen.set(part.part, { part, older: [] });
      else if (measuredAfter(part.source, current.part.source)) chosen.set(part.part, { part, older: [current.part.source, ...current.older] });
      else current.older.push(part.source);
    }
  }
  return [...chosen.values()];
}

export function chooseNewest(files: readonly ResultsFile[]): PartChoice[] {
  return newestParts(files).map(({ part, older }) => ({ part: part.part, source: part.source, older }));
}

/** Every block the results hold, by region name, each rendered from the newest file holding its part; the
 * scaling block from the newest row of each file length, shortest first, its source the newest of them. */
export function renderBlocks(files: readonly ResultsFile[]): Map<string, RenderedBlock> {
  const blocks = new Map<string, RenderedBlock>();
  const scaling: { row: ScalingResult; source: ResultsSource }[] = [];
  for (const { part } of newestParts(files)) {
    if (part.scalingRow) scaling.push({ row: part.scalingRow, source: part.source });
    for (const [name, text] of part.render()) blocks.set(name, { name, text, source: part.source });
  }
  if (scaling.length) {
    scaling.sort((a, b) => a.row.minutes - b.row.minutes);
    const newest = scaling.reduce((a, b) => (measuredAfter(b.source, a.source) ? b : a));
    blocks.set('scaling', { name: 'scaling', text: scalingTable(scaling.map((s) => s.row)), source: newest.source });
  }
  return blocks;
}

// `tsx bench/trace-cost.ts [MANIFEST] [--base DIR] [--limit N] [--rounds R] [--decoders A,B] [--control]`: what decoding traces (src/core/trace.ts,
// DecodeOptions.trace) cost. Per decoder, the decode time of the same encoder outputs
//   - before: the core of another checkout (--base DIR: e.g. `git archive main src | tar -x -C DIR`, with a
//     node_modules link), the code without traces;
//   - off: this core with the option absent;
//   - on: this core with trace: true;
//   - control (--control): a second Recogniser of this core with the option absent, i.e. "off" again: how far two
//     identical variants drift apart on this machine, the yardstick for off / before;
// taken in turn, utterance by utterance, in a shuffled order (seeded) for every utterance and round, so that a shared
// machine's load, and the garbage a traced decode leaves for the next one, fall on all of them alike. Also the trace's size as the CLI writes it (roundTrace, with the CTC lane) per second of audio. Tables
// on stdout; the outputs of before, off and on are checked equal. With the machine shared, the variants' totals
// drift by more than tracing costs; so the AT recorder's own time (at-trace.ts, its methods timed while tracing) is
// measured too, as a share of the traced decode time.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeFile, extractFeatures } from '../src/audio';
import { folderBundleReader } from '../src/cli/folder-bundle-reader';
import * as core from '../src/core';
import type { DecodeOptions, EncoderOutput, Recogniser } from '../src/core';
import { readManifest } from './manifest';
import { DEFAULT_MODEL } from './paths';
import { median } from './statistics';
import { markdownTable } from './table';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const base = flag('--base');
const limit = Number(flag('--limit') ?? 20);
const rounds = Number(flag('--rounds') ?? 3);
const control = args.includes('--control') && args.splice(args.indexOf('--control'), 1).length > 0;
const only = flag('--decoders')?.split(',');
const manifest = args[0] ?? '/work/data/corpus/manifests/so762-dev150.jsonl';

const DECODERS: { name: string; options: DecodeOptions }[] = [
  { name: 'AT greedy', options: { decoder: 'at', beam: 1 } },
  { name: 'AT beam 8 + LM (default)', options: { decoder: 'at', beam: 8 } },
  { name: 'NAT k=2', options: { decoder: 'nat', iterations: 2 } },
  { name: 'CTC beam 16 + LM', options: { decoder: 'ctc', beam: 16 } },
  { name: 'AT rescoring of CTC beam + LM', options: { decoder: 'rescore' } },
];

type Variant = 'before' | 'off' | 'on' | 'control';
const now = () => performance.now();

// The AT recorder's own time: its methods wrapped with a clock (only traced decodes call them).
let recorderMs = 0;
const recorderPrototype = core.AtTraceRecorder.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const method of ['beginStep', 'expand', 'kept', 'ended', 'trace']) {
  const original = recorderPrototype[method]!;
  recorderPrototype[method] = function (this: unknown, ...args: unknown[]) {
    const start = now();
    try {
      return original.apply(this, args);
    } finally {
      recorderMs += now() - start;
    }
  };
}

core.configureOnnxRuntime({ numThreads: 1, logLevel: 'error' });
const current = await core.Recogniser.load(folderBundleReader(DEFAULT_MODEL), { backend: 'wasm' });
// The other checkout's own core and bundle reader: its Recogniser decodes as the code did there.
const before: Recogniser | undefined = base
  ? await (async () => {
      const baseCore = (await import(pathToFileURL(path.resolve(base, 'src/core/index.ts')).href)) as typeof core;
      const reader = (await import(pathToFileURL(path.resolve(base, 'src/cli/folder-bundle-reader.ts')).href)) as { folderBundleReader: typeof folderBundleReader };
      return (await baseCore.Recogniser.load(reader.folderBundleReader(DEFAULT_MODEL), { backend: 'wasm' })) as unknown as Recogniser;
    })()
  : undefined;

const again = control ? await core.Recogniser.load(folderBundleReader(DEFAULT_MODEL), { backend: 'wasm' }) : undefined;

const entries = (await readManifest(manifest)).slice(0, limit);
const utterances: { encoder: EncoderOutput; seconds: number }[] = [];
for (const entry of entries) {
  const { samples } = await decodeFile(entry.audio);
  const { frames, nFrames } = extractFeatures(samples);
  utterances.push({ encoder: await current.encodeUtterance(frames, nFrames), seconds: samples.length / 16000 });
}
const seconds = utterances.reduce((a, u) => a + u.seconds, 0);
process.stderr.write(`${entries.length} utterances, ${seconds.toFixed(1)} s of audio, ${rounds} rounds${before ? `, before: ${base}` : ' (no --base: off and on only)'}\n`);

let seed = 12345;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
/** 0..n-1 in a random order. */
const shuffled = (n: number) => {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
};
const variants: Variant[] = [...(before ? (['before'] as const) : []), 'off', 'on', ...(control ? (['control'] as const) : [])];
const timeRows: (string | undefined)[][] = [];
const sizeRows: (string | undefined)[][] = [];
for (const { name, options } of DECODERS.filter((d) => !only || only.includes(d.name))) {
  // Per round, each variant's total decode time over all utterances.
  const totals = variants.map(() => new Array<number>(rounds).fill(0));
  const bytes: number[] = [];
  recorderMs = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [u, { encoder, seconds: s }] of utterances.entries()) {
      const texts: string[] = [];
      for (const v of shuffled(variants.length)) {
        const variant = variants[v]!;
        const recogniser = variant === 'before' ? before! : variant === 'control' ? again! : current;
        const start = now();
        const decoded = await recogniser.decode(encoder, variant === 'on' ? { ...options, trace: true } : options);
        totals[v]![round]! += now() - start;
        texts[v] = decoded.text;
        if (variant === 'on' && round === 0) {
          const lane = core.ctcLane({ logProbs: encoder.ctcLogProbs, frames: encoder.frames, vocabulary: encoder.vocabulary }, current.tokens.blank, current.frameSeconds);
          const trace = core.roundTrace({ ...(decoded.trace ? { decoder: decoded.trace } : {}), ctc: lane });
          bytes.push(JSON.stringify(trace).length / s);
        }
      }
      if (new Set(texts).size !== 1) throw new Error(`${name}: the variants disagree: ${JSON.stringify(texts)}`);
    }
    process.stderr.write(`${name}, round ${round + 1}: ${variants.map((v, i) => `${v} ${totals[i]![round]!.toFixed(0)} ms`).join(', ')}\n`);
  }
  const at = (v: Variant) => totals[variants.indexOf(v)]!;
  const onMs = at('on').reduce((a, b) => a + b, 0);
  const ratios = (a: Variant, b: Variant) => at(a).map((x, r) => x / at(b)[r]!);
  const show = (rs: number[]) => `${median(rs).toFixed(3)} (${Math.min(...rs).toFixed(3)}–${Math.max(...rs).toFixed(3)})`;
  const perSecond = (v: Variant) => `${(median(at(v)) / seconds).toFixed(1)}`;
  timeRows.push([name, ...(before ? [perSecond('before')] : []), perSecond('off'), perSecond('on'), ...(before ? [show(ratios('off', 'before'))] : []), show(ratios('on', 'off')), ...(control ? [show(ratios('control', 'off'))] : []), options.decoder === 'at' ? `${((100 * recorderMs) / onMs).toFixed(2)} %` : undefined]);
  const sorted = [...bytes].sort((a, b) => a - b);
  sizeRows.push([name, (bytes.reduce((a, b) => a + b, 0) / bytes.length / 1000).toFixed(1), (sorted.at(-1)! / 1000).toFixed(1), ((bytes.reduce((a, b) => a + b, 0) / bytes.length) * 3600 / 1e6).toFixed(0)]);
}
await current.release();
await before?.release();
await again?.release();

process.stdout.write(
  `## Decoding traces: cost (${path.basename(manifest)}, ${entries.length} utterances, ${seconds.toFixed(1)} s; ${rounds} rounds, the variants alternating)\n\n` +
    `${markdownTable(
      ['decoder', ...(before ? ['before: ms per audio s'] : []), 'off: ms per audio s', 'on: ms per audio s', ...(before ? ['off / before, median of rounds (range)'] : []), 'on / off (range)', ...(control ? ['control / off (range)'] : []), 'AT recorder\'s own time, of on'],
      timeRows,
    )}\n\n` +
    `Trace size as the CLI writes it (rounded to 1e-4, with the CTC lane), per utterance:\n\n` +
    `${markdownTable(['decoder', 'mean kB per audio s', 'largest kB per audio s', 'MB per audio hour (mean)'], sizeRows)}\n`,
);

// Issue #29 parts 2 and 3: features, the full-context encoder and NAT k=0 over a manifest's first sentences, for each
// bundle given (e.g. one with fp32 arithmetic and its int8-arithmetic twin, docs/bundle.md integerMatMuls), in one
// process with THREADS onnxruntime-web WASM threads; AT greedy's decoder on the first bundle too.
//
//   nice npx tsx bench/threads-split.ts --threads N [--sentences 60] [--rounds 2] [--at-sentences 20] MANIFEST MODEL...
//
// onnxruntime-web takes its thread count once per process, so 1 and 2 threads are two runs. The bundles alternate
// round by round (each round: every sentence through every step), so load from other processes falls on all of
// them alike; every round is printed (a round that shared its cores is plain to see: 2 threads suffer most).
// Wall time is the figure here: with 2 threads the process's CPU time counts both.

import { readFileSync } from 'node:fs';
import { configureOnnxRuntime, Recogniser } from '../src/core';
import { decodeFile, extractFeatures } from '../src/audio';
import { folderBundleReader } from '../src/cli/folder-bundle-reader';
import { timedWithCpu } from './cpu-time';
import { readManifest } from './manifest';
import { fromUser } from './paths';
import { markdownTable } from './table';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = argv.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(argv.splice(at, 2)[1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} takes a whole number`);
  return value;
};
const threads = option('--threads', 1);
const sentences = option('--sentences', 60);
const rounds = option('--rounds', 2);
const atSentences = option('--at-sentences', 20);
const [manifest, ...models] = argv;
if (!manifest || models.length === 0) throw new Error('usage: threads-split.ts --threads N [--sentences 60] [--rounds 2] [--at-sentences 20] MANIFEST MODEL...');

configureOnnxRuntime({ numThreads: threads, logLevel: 'error' });
const entries = (await readManifest(fromUser(manifest))).slice(0, sentences);
const audio = await Promise.all(entries.map(async (e) => (await decodeFile(e.audio)).samples));
const audioS = audio.reduce((s, a) => s + a.length / 16000, 0);
const recognisers = await Promise.all(models.map((m) => Recogniser.load(folderBundleReader(fromUser(m)), { backend: 'wasm' })));
for (const r of recognisers) {
  const f = extractFeatures(audio[0]!);
  await r.decode(await r.encodeUtterance(f.frames, f.nFrames), { decoder: 'nat', iterations: 0 }); // warm-up
}

const rows: (string | number)[][] = [];
const ms = (v: number) => Math.round(v);
for (let round = 1; round <= rounds; round++) {
  for (const [k, r] of recognisers.entries()) {
    let features = 0;
    let encoder = 0;
    let nat = 0;
    for (const samples of audio) {
      const [f, ft] = await timedWithCpu(() => extractFeatures(samples));
      const [encoded, et] = await timedWithCpu(() => r.encodeUtterance(f.frames, f.nFrames));
      const [, nt] = await timedWithCpu(() => r.decode(encoded, { decoder: 'nat', iterations: 0 }));
      features += ft.wallMs;
      encoder += et.wallMs;
      nat += nt.wallMs;
    }
    rows.push([models[k]!, threads, round, ms(features), ms(encoder), ms(nat), ((features + encoder + nat) / 1000 / audioS).toFixed(4)]);
  }
}
process.stdout.write(`${entries.length} sentences of ${manifest} (${audioS.toFixed(1)} s), ${threads} WASM thread${threads === 1 ? '' : 's'}; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} at the end\n\n`);
process.stdout.write(`${markdownTable(['bundle', 'threads', 'round', 'features ms', 'encoder ms', 'NAT k=0 ms', 'NAT end-to-end RTF'], rows)}\n`);

if (atSentences > 0) {
  const r = recognisers[0]!;
  let at = 0;
  let seconds = 0;
  for (const samples of audio.slice(0, atSentences)) {
    const f = extractFeatures(samples);
    const encoded = await r.encodeUtterance(f.frames, f.nFrames);
    at += (await timedWithCpu(() => r.decode(encoded, { decoder: 'at', beam: 1 })))[1].wallMs;
    seconds += samples.length / 16000;
  }
  process.stdout.write(`\nAT greedy (+ CTC) decoder, ${models[0]}, first ${Math.min(atSentences, audio.length)} sentences (${seconds.toFixed(1)} s): ${ms(at)} ms\n`);
}
await Promise.all(recognisers.map((r) => r.release()));

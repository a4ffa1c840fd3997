// Decoder benchmark: `npx tsx src/cli/benchmark.ts [--model DIR] [--repeat N] [--threads N] FILE|FOLDER...`
// Decodes every file with CTC, AT (greedy, beam 4) and NAT (k = 0, 2) on the WASM backend, after one
// warm-up pass, and prints per-decoder times, steps, tokens/s, RTF and the NAT-over-AT speed-up as a
// Markdown table. Run it nice'd on shared machines.

import path from 'node:path';
import { configureOnnxRuntime } from '../core/backend';
import { DEFAULT_BUNDLE_FOLDER } from '../core/bundle';
import type { DecodeOptions } from '../core/decoding';
import { Recogniser } from '../core/recogniser';
import { timed } from '../core/stats';
import { decodeFile, extractFeatures } from '../main/audio';
import { expandInputs } from './audio-files';
import { folderBundleReader } from './folder-bundle-reader';

const CONFIGS: [string, DecodeOptions][] = [
  ['ctc', { decoder: 'ctc' }],
  ['at beam 1', { decoder: 'at', beam: 1 }],
  ['at beam 4', { decoder: 'at', beam: 4 }],
  ['nat k=0', { decoder: 'nat', iterations: 0 }],
  ['nat k=2', { decoder: 'nat', iterations: 2 }],
];

function option(argv: string[], name: string, fallback: string): string {
  const at = argv.indexOf(name);
  if (at < 0) return fallback;
  const [value] = argv.splice(at, 2).slice(1);
  return value ?? fallback;
}

const argv = process.argv.slice(2);
const root = path.resolve(import.meta.dirname, '../..');
const model = option(argv, '--model', path.join(root, DEFAULT_BUNDLE_FOLDER));
const repeat = Number(option(argv, '--repeat', '3'));
const threads = Number(option(argv, '--threads', '1'));
configureOnnxRuntime({ numThreads: threads, logLevel: 'error' });
const recogniser = await Recogniser.load(folderBundleReader(model), { backend: 'wasm' });
const files = (await expandInputs(argv)).flatMap((e) => e.files);

// Features and encoder output once per file: the decoders are what is compared.
const utterances = [];
let audioS = 0;
let featureMs = 0;
let encoderMs = 0;
for (const file of files) {
  const audio = await decodeFile(file);
  const [features, fms] = await timed(() => extractFeatures(audio.samples));
  const [encoded, ems] = await timed(() => recogniser.encode(features.frames, features.nFrames));
  utterances.push(encoded);
  audioS += audio.durationS;
  featureMs += fms;
  encoderMs += ems;
}

const rows: { name: string; decoderMs: number; steps: number; tokens: number }[] = [];
for (const [name, options] of CONFIGS) {
  for (const encoded of utterances.slice(0, 2)) await recogniser.decode(encoded, options); // warm-up
  let decoderMs = 0;
  let steps = 0;
  let tokens = 0;
  for (let r = 0; r < repeat; r++) {
    for (const encoded of utterances) {
      const [decoded, ms] = await timed(() => recogniser.decode(encoded, options));
      decoderMs += ms / repeat;
      steps += decoded.steps / repeat;
      tokens += decoded.tokens.length / repeat;
    }
  }
  rows.push({ name, decoderMs, steps, tokens });
}

const n = utterances.length;
const at1 = rows.find((r) => r.name === 'at beam 1')!.decoderMs;
console.log(`bundle: ${model} (${recogniser.config.architecture.parameters} parameters), backend wasm, ${threads} thread(s)`);
console.log(`${n} files, ${audioS.toFixed(1)} s of audio; features ${(featureMs / n).toFixed(1)} ms/file, encoder ${(encoderMs / n).toFixed(1)} ms/file (full context); mean of ${repeat} runs\n`);
console.log('| decoder | decoder ms/file | steps or passes/file | tokens/file | tokens/s | speed-up vs AT greedy | RTF (features+encoder+decoder) |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const rtf = (featureMs + encoderMs + r.decoderMs) / 1000 / audioS;
  console.log(
    `| ${r.name} | ${(r.decoderMs / n).toFixed(2)} | ${(r.steps / n).toFixed(1)} | ${(r.tokens / n).toFixed(1)} | ${(r.tokens / (r.decoderMs / 1000)).toFixed(0)} | ${(at1 / r.decoderMs).toFixed(1)}× | ${rtf.toFixed(4)} |`,
  );
}
await recogniser.release();

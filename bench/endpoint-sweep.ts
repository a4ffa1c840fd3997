// Choosing the live end-of-speech pause (SpeechEndpointer's pauseS) on dev speech. Each sentence of a
// manifest, with 1 s of silence after it, goes through the live path as the app runs it (endpoint-utterance.ts)
// once per pause length: a shorter pause decides the end sooner after the speech (the final text comes
// sooner) but also ends utterances at pauses between words, which the final decoders then see in pieces.
// The table gives, per pause: WER of the joined live transcript, pieces per sentence, and the audio from the
// speech end (last 10 ms above -40 dBFS) to the decision that closed it.
//   npx tsx bench/endpoint-sweep.ts MANIFEST [--model DIR] [--limit N] [--pauses 0.12,0.16,0.2]
// Choose on dev speech outside every test part (the recipe's so762-dev150.jsonl), never on a test set.

import { configureOnnxRuntime, Recogniser } from '../src/core';
import { decodeFile } from '../src/audio';
import { folderBundleReader } from '../src/cli/folder-bundle-reader';
import { DEFAULT_SETTINGS } from '../src/shared/default-settings';
import { decodersFor } from './decoders';
import { runLive } from './endpoint-utterance';
import { ErrorCounter } from './error-counts';
import { readManifest } from './manifest';
import { DEFAULT_MODEL, fromUser } from './paths';
import { median } from './statistics';
import { markdownTable } from './table';
import { SAMPLE_RATE, speechExtent } from './test-audio';

const USAGE = 'usage: npx tsx bench/endpoint-sweep.ts MANIFEST [--model DIR] [--limit N] [--pauses 0.12,0.16,0.2]';
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const manifestArg = args.find((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1]!.startsWith('--')));
const pauses = (option('--pauses') ?? '0.12,0.16,0.2,0.3').split(',').map(Number);
const limit = option('--limit') === undefined ? undefined : Number(option('--limit'));
if (!manifestArg || pauses.some((p) => !(p > 0)) || (limit !== undefined && !(limit > 0))) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const entries = (await readManifest(fromUser(manifestArg))).slice(0, limit);
configureOnnxRuntime({ numThreads: 1, logLevel: 'error' });
const model = option('--model') ? fromUser(option('--model')!) : DEFAULT_MODEL;
const recogniser = await Recogniser.load(folderBundleReader(model), { backend: 'wasm' });
const decoder = decodersFor(recogniser.config).find((d) => d.options.decoder === DEFAULT_SETTINGS.decoder && d.options.wordLmWeight === undefined)!;
const sentences = await Promise.all(
  entries.map(async (e) => {
    const samples = (await decodeFile(e.audio)).samples;
    const audio = new Float32Array(samples.length + SAMPLE_RATE);
    audio.set(samples);
    return { reference: e.reference, audio, speechEndS: speechExtent(samples).last };
  }),
);

const rows: string[][] = [];
for (const pauseS of pauses) {
  const errors = new ErrorCounter();
  const delays: number[] = [];
  const cpu: number[] = [];
  let pieces = 0;
  let undecided = 0;
  for (const [index, s] of sentences.entries()) {
    const run = await runLive(recogniser, s.audio, { pauseS, decoder: decoder.options, partialBeam: DEFAULT_SETTINGS.ctcBeam, chunkSamples: SAMPLE_RATE / 10 });
    errors.add(s.reference, run.text);
    pieces += run.pieces;
    cpu.push(...run.finalCpuMs);
    // Negative where the end was decided inside the quiet tail before the last frame above -40 dBFS.
    if (run.closedAt === undefined) undecided++;
    else delays.push(run.closedAt - s.speechEndS);
    if ((index + 1) % 25 === 0 || index + 1 === sentences.length) process.stderr.write(`  pause ${pauseS} s: ${index + 1}/${sentences.length}\n`);
  }
  const { wer } = errors.rates();
  const sorted = [...delays].sort((a, b) => a - b);
  const ms = (s: number | undefined) => (s === undefined ? '–' : String(Math.round(s * 1000)));
  rows.push([
    pauseS.toFixed(2),
    `${(100 * wer).toFixed(2)} %`,
    (pieces / sentences.length).toFixed(2),
    ms(median(delays)),
    ms(sorted[Math.ceil(0.9 * sorted.length) - 1]),
    ms(sorted[sorted.length - 1]),
    String(undecided),
    cpu.length ? String(Math.round(median(cpu))) : '–',
  ]);
}
await recogniser.release();

process.stdout.write(
  `## End-of-speech pause: ${sentences.length} sentences of ${manifestArg}, final decoder ${decoder.name}, 100 ms chunks, 1 s of silence after each\n\n` +
    `${markdownTable(
      ['pause s', 'WER of the live transcript', 'utterances per sentence', 'speech end → decision, median ms', '90th percentile ms', 'largest ms', 'not closed before the audio ended', 'final decode CPU ms, median'],
      rows,
    )}\n`,
);

// One scaling case in its own process (so its peak memory is its own): transcribes a file the way
// `npm run transcribe` does (decoded chunk by chunk, cut at pauses, each segment encoded and decoded),
// prints progress on stderr and one JSON line on stdout.
//   node --import tsx bench/scaling-case.ts MODEL FILE DECODER-JSON [THREADS]

import { configureOnnxRuntime, type DecodeOptions, now, Recogniser, transcribeStream } from '../src/core';
import { FeatureBlockReader, FileStream } from '../src/audio';
import { folderBundleReader } from '../src/cli/folder-bundle-reader';

export interface ScalingCaseResult {
  audioS: number;
  wallMs: number;
  featureMs: number;
  encoderMs: number;
  decoderMs: number;
  segments: number;
  words: number;
  /** Resident set size after loading the model, before any audio. */
  baselineRssMiB: number;
  /** Peak resident set size of the whole process (getrusage maxrss). */
  peakRssMiB: number;
}

const [model, file, decoderJson, threads] = process.argv.slice(2);
if (!model || !file || !decoderJson) throw new Error('usage: scaling-case.ts MODEL FILE DECODER-JSON [THREADS]');
configureOnnxRuntime({ numThreads: Number(threads ?? 1), logLevel: 'error' });
const recogniser = await Recogniser.load(folderBundleReader(model), { backend: 'wasm' });
const baselineRssMiB = process.memoryUsage().rss / 2 ** 20;
const started = now();
// The CLI's and the app's path: the file as blocks of samples with their frames, cut at pauses by the core.
const stream = await FileStream.open(file);
let lastReport = 0;
const transcript = await transcribeStream(recogniser, new FeatureBlockReader(stream), {
  ...(JSON.parse(decoderJson) as DecodeOptions),
  onSegment: (_, segment) => {
    if (segment.end - lastReport >= 60) {
      lastReport = segment.end;
      const elapsed = (now() - started) / 1000;
      process.stderr.write(`    ${Math.round(segment.end)} s of audio done in ${elapsed.toFixed(0)} s\n`);
    }
  },
});
const wallMs = now() - started;
await stream.close();
await recogniser.release();
const result: ScalingCaseResult = {
  audioS: transcript.stats.audioS,
  wallMs,
  featureMs: transcript.stats.featureMs,
  encoderMs: transcript.stats.encoderMs,
  decoderMs: transcript.stats.decoderMs,
  segments: transcript.stats.segments,
  words: transcript.text.split(' ').filter((w) => w).length,
  baselineRssMiB,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${JSON.stringify(result)}\n`);

// `npm run bench -- [options]`: decoder speed on one machine in one run — Node WASM and headless
// Chromium (WASM, WebGPU) per decoder on 2/10/30 s of real speech, live latency through the
// file-backed microphone, and scaling to 1/6/60-minute files. Tables on stdout, progress on stderr,
// everything as JSON (bench/results/bench-latest.json, or bench-latest-PARTS.json for a run with --skip, unless --json). See docs/benchmarks.md.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { configureOnnxRuntime, Recogniser } from '../src/core';
import { extractFeatures } from '../src/audio';
import { folderBundleReader } from '../src/cli/folder-bundle-reader';
import { BENCH_USAGE, defaultJsonName, parseBenchOptions, type BenchPart } from './bench-options';
import { startCommand } from './command-line';
import { browserTable, nodeTable, scalingTable, speedUpTable, streamingTable } from './bench-report';
import type { BenchMeasurements } from './bench-results';
import { timeInChromium } from './browser/chromium-timing';
import { timeDecoders } from './decoder-timing';
import { AT_GREEDY, chooseDecoders, DECODERS, decodersFor } from './decoders';
import { DEFAULT_SETTINGS } from '../src/shared/default-settings';
import { describeMachine, machineInfo } from './machine';
import { fromUser, ROOT } from './paths';
import { measureScaling } from './scaling';
import { SpeechPool } from './speech-pool';
import { measureStreaming } from './streaming-latency';
import { fileUtterances } from './file-utterances';
import { testUtterances, wholeUtterances, writeStreamingFile } from './test-audio';

const progress = (line: string) => process.stderr.write(`${line}\n`);

const { options, model } = startCommand('bench', parseBenchOptions, BENCH_USAGE, 'train one, or try the tiny test bundle: --model src/core/fixtures/tiny-bundle');
const machine = machineInfo();
const jsonFile = options.json ? fromUser(options.json) : path.join(ROOT, 'bench/results', defaultJsonName(options.skip));
const scratch = await mkdtemp(path.join(os.tmpdir(), 's2s-bench-'));

// onnxruntime-web's WASM threads run in Node (worker threads; measured in docs/benchmarks.md, issue #29)
configureOnnxRuntime({ numThreads: options.threads, logLevel: 'error' });
const recogniser = await Recogniser.load(folderBundleReader(model), { backend: 'wasm' });
const pool = await SpeechPool.open(options.speech ? fromUser(options.speech) : undefined);
progress(`bench: model ${model} (${recogniser.config.architecture.parameters} parameters); speech from ${pool.source}; audio in ${scratch}`);
progress(`bench: ${describeMachine(machine)}`);

const utterances = options.inputs.length > 0 ? await fileUtterances(options.inputs.map(fromUser)) : await testUtterances(pool, options.lengthsS);
const results: BenchMeasurements = { failures: [] };

// Tables go out as each part finishes and the JSON is rewritten after each, so a run that is stopped
// (or one part that fails) still leaves the parts measured so far.
const saveJson = async () => {
  await mkdir(path.dirname(jsonFile), { recursive: true });
  await writeFile(jsonFile, `${JSON.stringify({ model, machine, options: { ...options, skip: [...options.skip] }, speech: pool.source, ...results }, null, 1)}\n`);
};
const part = async (name: BenchPart, run: () => Promise<string>) => {
  if (options.skip.has(name)) return;
  try {
    process.stdout.write(`\n${await run()}\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    results.failures.push({ part: name, error: message });
    progress(`bench: ${name} failed: ${message}`);
    process.stdout.write(`\n### ${name}\n\nfailed: ${message.split('\n')[0]}\n`);
  }
  await saveJson();
};

process.stdout.write(
  `## Benchmark\n\nmodel: ${path.relative(ROOT, model) || model} (${recogniser.config.architecture.parameters} parameters)\nmachine: ${describeMachine(machine)}\n` +
    `Node: median of ${options.repeat} runs after one warm-up; audio: real speech (${path.basename(pool.source)}) joined with pauses\n`,
);

await part('node', async () => {
  progress('node wasm: timing every decoder');
  results.node = await timeDecoders(recogniser, utterances, options.repeat, progress, chooseDecoders(options.decoders, decodersFor(recogniser.config)));
  return `### Node, WASM (${threadCount(options.threads)})\n\n${nodeTable(results.node)}\n\nNAT/AT decoder-time ratios:\n\n${speedUpTable(results.node)}`;
});

await part('browser', async () => {
  const features = utterances.map((u) => ({ label: u.label, audioS: u.durationS, ...extractFeatures(u.samples) }));
  results.browser = await timeInChromium(model, features, options.browserRepeat, options.browserTimeoutS, progress);
  if (!results.browser) return '### Headless Chromium\n\nskipped: Chromium not found';
  const nodeFeatureMs = new Map((results.node ?? []).map((u) => [u.utterance, u.featureMs]));
  const runs = options.browserRepeat === 1 ? '1 measured run' : `median of ${options.browserRepeat} runs`;
  let section = `### Headless Chromium (1 WASM thread; WebGPU as labelled; ${runs} after one warm-up)\n\n${browserTable(results.browser, nodeFeatureMs)}`;
  for (const run of results.browser.filter((r) => !r.error)) section += `\n\nNAT/AT decoder-time ratios, Chromium ${run.backend}:\n\n${speedUpTable(run.utterances)}`;
  return section;
});

await part('streaming', async () => {
  pool.rewind();
  const speech = await wholeUtterances(pool, 10);
  const file = await writeStreamingFile(path.join(scratch, 'streaming.wav'), speech);
  results.streaming = [];
  // A slow decoder (AT beam + LM, rescoring) finalises with a fast one first, then its own words replace them.
  const defaultName = decodersFor(recogniser.config).find((d) => d.options.decoder === DEFAULT_SETTINGS.decoder && d.options.wordLmWeight === undefined)?.name;
  for (const decoder of decodersFor(recogniser.config).filter((d) => ['AT greedy', `AT beam ${DEFAULT_SETTINGS.beam} + LM`, 'NAT k=0', 'CTC', defaultName].includes(d.name))) {
    progress(`streaming: playing ${file.durationS.toFixed(1)} s in real time, final ${decoder.name}`);
    results.streaming.push(await measureStreaming(recogniser, file, decoder));
  }
  return `### Live: file-backed microphone, real time, 100 ms chunks (window ${JSON.stringify(recogniser.streamingWindow)})\n\n${streamingTable(results.streaming)}`;
});
await recogniser.release();

await part('scaling', async () => {
  const decoder = DECODERS.find((d) => d.name === AT_GREEDY)!;
  results.scaling = await measureScaling(model, pool, options.minutes, decoder, scratch, progress, options.threads);
  return `### Scaling with file length (Node WASM, ${threadCount(options.threads)}, as \`npm run transcribe\`: cut at pauses, ≤ 20 s segments)\n\n${scalingTable(results.scaling)}`;
});

function threadCount(n: number): string {
  return n === 1 ? '1 thread' : `${n} threads`;
}

await saveJson();
progress(`bench: JSON written to ${jsonFile}`);
if (options.keep) progress(`bench: audio kept in ${scratch}`);
else await rm(scratch, { recursive: true, force: true });
process.exitCode = results.failures.length > 0 ? 1 : 0;

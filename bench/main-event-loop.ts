// How the main process's file path treats its event loop: a long file (synthesised: the two espeak
// fixtures alternating with pauses and a little noise) read as the app's batch job reads it, block by
// block through the real services and dispatcher (readAudioStream), against the call it replaced
// (the whole file decoded, then featurised in one synchronous extractFeatures). Each way runs in its own
// child process, so its peak resident memory is its own. perf_hooks.monitorEventLoopDelay samples
// every 10 ms; "max delay" is the longest the event loop could not answer anything (IPC, timers).
//
//   nice -n 10 npx tsx bench/main-event-loop.ts [--minutes 60]

import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { decodeFile, extractFeatures } from '../src/audio';
import { bindAudioFrontEnd } from '../src/main/audio-binding';
import { createDispatcher } from '../src/main/call-dispatcher';
import { createServices } from '../src/main/services';
import type { AudioStreamBlock, CallReply } from '../src/shared/contract';
import { WavWriter } from './wav-writer';

const ROOT = path.resolve(import.meta.dirname, '..');
type Mode = 'stream' | 'whole';

interface Measured {
  mode: Mode;
  audioS: number;
  wallS: number;
  maxDelayMs: number;
  p99DelayMs: number;
  meanDelayMs: number;
  peakRssMiB: number;
  /** The most CPU time one call took: what the event loop cannot escape, whatever else runs on the machine. */
  maxCallCpuMs: number;
  /** stream: calls made and the most samples one call returned. */
  calls?: number;
  largestBlockS?: number;
}

async function synthesise(file: string, minutes: number): Promise<void> {
  const clips = await Promise.all(['espeak-1.wav', 'espeak-2.wav'].map((f) => decodeFile(path.join(ROOT, 'src/core/fixtures/audio', f))));
  const pause = new Float32Array(24_000);
  let seed = 1;
  for (let i = 0; i < pause.length; i++) pause[i] = ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.002;
  const writer = await WavWriter.create(file);
  for (let i = 0; writer.durationS < minutes * 60; i++) {
    await writer.append(clips[i % 2]!.samples);
    await writer.append(pause);
  }
  await writer.close();
}

async function measure(mode: Mode, file: string): Promise<Measured> {
  const audio = bindAudioFrontEnd();
  const dispatch = createDispatcher(
    createServices({
      appInfo: { version: '0', platform: process.platform, modelDir: os.tmpdir() },
      emit: () => {},
      chooseAudioFiles: async () => [],
      audio,
      dataDir: await mkdtemp(path.join(os.tmpdir(), 'main-event-loop-data-')),
      chooseExportPath: async () => '',
    }).handlers,
  );
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  let audioS = 0;
  let calls = 0;
  let largest = 0;
  let maxCallCpuMs = 0;
  const cpuOf = async <T>(work: () => Promise<T> | T): Promise<T> => {
    const before = process.cpuUsage();
    const result = await work();
    const used = process.cpuUsage(before);
    maxCallCpuMs = Math.max(maxCallCpuMs, (used.user + used.system) / 1000);
    return result;
  };
  if (mode === 'whole') {
    // What loadAudioForTranscription's handler did before: decode everything (yielding between chunks), then
    // featurise it in one synchronous call. The decode's CPU is spread over many turns; the features' is one.
    const decoded = await decodeFile(file);
    await cpuOf(() => extractFeatures(decoded.samples));
    audioS = decoded.durationS;
  } else {
    const opened = (await dispatch('openAudioStream', { path: file })) as CallReply<{ streamId: string }>;
    if (!opened.ok) throw new Error(opened.error.message);
    for (;;) {
      const reply = (await cpuOf(() => dispatch('readAudioStream', opened.value))) as CallReply<AudioStreamBlock>;
      calls++;
      if (!reply.ok) throw new Error(reply.error.message);
      largest = Math.max(largest, reply.value.samples.length);
      if (reply.value.end) {
        audioS = reply.value.end.durationS;
        break;
      }
    }
  }
  const wallS = (performance.now() - started) / 1000;
  // The monitor records a blocked turn when its timer finally fires: let it fire before stopping.
  await new Promise((resolve) => setTimeout(resolve, 50));
  delay.disable();
  const ms = (ns: number) => Number((ns / 1e6).toFixed(1));
  return {
    mode,
    audioS,
    wallS: Number(wallS.toFixed(1)),
    maxDelayMs: ms(delay.max),
    p99DelayMs: ms(delay.percentile(99)),
    meanDelayMs: ms(delay.mean),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    maxCallCpuMs: Number(maxCallCpuMs.toFixed(1)),
    ...(mode === 'stream' ? { calls, largestBlockS: largest / 16_000 } : {}),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const mode = option('--mode') as Mode | undefined;
  if (mode) {
    process.stdout.write(`${JSON.stringify(await measure(mode, option('--file')!))}\n`);
    return;
  }
  const minutes = Number(option('--minutes') ?? 60);
  const folder = await mkdtemp(path.join(os.tmpdir(), 'main-event-loop-'));
  try {
    const file = path.join(folder, `${minutes}min.wav`);
    await synthesise(file, minutes);
    console.log(`| way | audio | wall s | event-loop delay max / p99 / mean ms | CPU of the longest call ms | peak RSS MiB | calls |`);
    console.log(`|---|---|---|---|---|---|---|`);
    for (const way of ['stream', 'whole'] as const) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--mode', way, '--file', file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
      if (child.status !== 0) throw new Error(`${way}: ${child.stderr}`);
      const m = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Measured;
      const label = way === 'stream' ? 'readAudioStream, block by block (now)' : 'decodeFile + extractFeatures in one call (before)';
      console.log(`| ${label} | ${(m.audioS / 60).toFixed(1)} min | ${m.wallS} | ${m.maxDelayMs} / ${m.p99DelayMs} / ${m.meanDelayMs} | ${m.maxCallCpuMs} | ${m.peakRssMiB} | ${m.calls ?? 1}${m.largestBlockS ? ` (≤ ${m.largestBlockS.toFixed(2)} s each)` : ''} |`);
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

await main();

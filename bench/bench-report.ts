// The printed tables of `npm run bench` (Markdown, so they paste into docs/benchmarks.md).

import type { BrowserTiming } from './browser/chromium-timing';
import { AT_GREEDY } from './decoders';
import type { UtteranceTiming } from './decoder-timing';
import { markdownTable, ms, ratio, type Cell } from './table';
import type { ScalingResult } from './scaling';
import type { StreamingLatency } from './streaming-latency';

/** Node WASM: every part, end-to-end RTF, and the speed-up over AT greedy (decoder only and end to end). */
export function nodeTable(timings: readonly UtteranceTiming[]): string {
  const rows: Cell[][] = [];
  for (const u of timings) {
    const at = u.decoders.find((d) => d.decoder === AT_GREEDY)!;
    const atTotal = u.featureMs + u.encoderMs + at.decoderMs;
    for (const d of u.decoders) {
      const total = u.featureMs + u.encoderMs + d.decoderMs;
      const cpu = u.featureCpuMs + u.encoderCpuMs + d.decoderCpuMs;
      rows.push([u.utterance, d.decoder, ms(u.featureMs), ms(u.encoderMs), ms(d.decoderMs), d.steps, d.tokens, ms(total), (total / 1000 / u.audioS).toFixed(3), (cpu / 1000 / u.audioS).toFixed(3), ratio(at.decoderMs / d.decoderMs), ratio(atTotal / total)]);
    }
  }
  return markdownTable(
    ['audio', 'decoder', 'features ms', 'encoder ms', 'decoder ms', 'steps/passes', 'tokens', 'total ms', 'RTF', 'RTF (CPU time)', 'decoder speed-up vs AT greedy', 'end-to-end speed-up'],
    rows,
  );
}

/** NAT over AT speed-ups (decoder time), one column per utterance length, for one backend. */
export function speedUpTable(timings: readonly { utterance: string; decoders: readonly { decoder: string; decoderMs: number }[] }[]): string {
  const names = timings[0]?.decoders.map((d) => d.decoder) ?? [];
  const rows = names
    .filter((n) => n !== AT_GREEDY)
    .map((name) => [
      `${name} vs AT greedy`,
      ...timings.map((u) => {
        const at = u.decoders.find((d) => d.decoder === AT_GREEDY)!.decoderMs;
        return ratio(at / u.decoders.find((d) => d.decoder === name)!.decoderMs);
      }),
    ]);
  return markdownTable(['decoder time ratio', ...timings.map((u) => u.utterance)], rows);
}

/** Chromium, per backend: encoder and decoder time; RTF adds the Node feature time of the same audio. */
export function browserTable(runs: readonly BrowserTiming[], featureMs: ReadonlyMap<string, number>): string {
  const rows: Cell[][] = [];
  for (const run of runs) {
    const label = backendLabel(run);
    if (run.error) {
      rows.push([label, '–', `failed: ${run.error}`]);
      continue;
    }
    for (const u of run.utterances) {
      const at = u.decoders.find((d) => d.decoder === AT_GREEDY)!;
      for (const d of u.decoders) {
        const total = (featureMs.get(u.utterance) ?? 0) + u.encoderMs + d.decoderMs;
        rows.push([label, u.utterance, d.decoder, ms(u.encoderMs), ms(d.decoderMs), (total / 1000 / u.audioS).toFixed(3), ratio(at.decoderMs / d.decoderMs)]);
      }
    }
  }
  // A run that skipped the Node part has no feature times to add: the header says what the RTF then holds.
  const rtf = featureMs.size ? 'RTF (with Node features)' : 'RTF (encoder + decoder only)';
  return markdownTable(['backend', 'audio', 'decoder', 'encoder ms', 'decoder ms', rtf, 'decoder speed-up vs AT greedy'], rows);
}

export function backendLabel(run: BrowserTiming): string {
  if (run.requested === 'wasm') return 'Chromium WASM';
  if (run.error) return 'Chromium WebGPU';
  const software = /swiftshader/i.test(run.adapter ?? '');
  return `Chromium WebGPU (${software ? 'SwiftShader, CPU software adapter' : (run.adapter ?? 'adapter unknown')})`;
}

export function streamingTable(results: readonly StreamingLatency[]): string {
  return markdownTable(
    ['final decoder', 'audio s', 'speech onset s', 'speech end s', 'first partial after onset ms', 'final after speech end ms', "chosen decoder's words after speech end ms", 'trailing audio ms', 'utterances ended at pauses', 'audio from speech onset to the first words ms', 'audio from speech end to the end decision ms', 'final decode CPU ms', 'refinement CPU ms', 'partial update ms per 100 ms chunk', 'partials behind real time at end, ms'],
    results.map((r) => [r.decoder, r.audioS.toFixed(1), r.onsetS.toFixed(2), r.speechEndS.toFixed(2), ms(r.firstPartialMs, 0), ms(r.finalMs, 0), ms(r.refinedMs ?? r.finalMs, 0), ms(r.trailingAudioMs, 0), r.utterances ?? '–', ms(r.firstPartialAudioMs, 0), ms(r.endpointAudioMs, 0), ms(r.finalCpuMs, 0), ms(r.refineCpuMs, 0), ms(r.partialUpdateMs), ms(r.lagAtEndMs, 0)]),
  );
}

export function scalingTable(results: readonly ScalingResult[]): string {
  return markdownTable(
    ['file', 'decoder', 'segments', 'wall s', 'features s', 'encoder s', 'decoder s', 'time ratio (wall/audio)', 'RSS after load MiB', 'peak RSS MiB'],
    results.map((r) => [
      `${r.minutes} min`,
      r.decoder,
      r.segments,
      (r.wallMs / 1000).toFixed(1),
      (r.featureMs / 1000).toFixed(1),
      (r.encoderMs / 1000).toFixed(1),
      (r.decoderMs / 1000).toFixed(1),
      r.timeRatio.toFixed(3),
      r.baselineRssMiB.toFixed(0),
      r.peakRssMiB.toFixed(0),
    ]),
  );
}

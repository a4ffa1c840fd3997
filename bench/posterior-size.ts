// `tsx bench/posterior-size.ts [MANIFEST] [--decoder at|ctc] [--limit N]`: what keeping each segment's CTC
// log-posteriors with a stored result costs (bytes per hour of audio, beside the result's own JSON), and what
// keeping only the top k tokens per frame (src/core/posteriors.ts) costs the re-alignment: word boundaries of
// the reference text and of the decoder's transcript aligned against the stored posteriors, compared with the
// same alignment against the dense ones. Also the encoder time a re-run would cost instead. Table on stdout.

import path from 'node:path';
import { alignText, configureOnnxRuntime, Recogniser, restorePosteriors, storePosteriors, type CtcPosteriors, type DecodeOptions } from '../src/core';
import { folderBundleReader } from '../src/cli/folder-bundle-reader';
import { readManifest } from './manifest';
import { DEFAULT_MODEL } from './paths';
import { markdownTable } from './table';
import { logProbsOf, utteranceRuns } from './utterance-runs';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const decoder = (flag('--decoder') ?? 'at') as 'at' | 'ctc';
const limit = Number(flag('--limit') ?? Infinity);
const manifest = args[0] ?? '/work/data/corpus/manifests/so762-dev150.jsonl';
const options: DecodeOptions = decoder === 'at' ? { decoder: 'at', beam: 8 } : { decoder: 'ctc' };

configureOnnxRuntime({ numThreads: 1, logLevel: 'error' });
const recogniser = await Recogniser.load(folderBundleReader(DEFAULT_MODEL), { backend: 'wasm' });
const entries = (await readManifest(manifest)).slice(0, limit);
const name = `${path.basename(manifest, '.jsonl')}-${decoder}${Number.isFinite(limit) ? `-${limit}` : ''}`;
const runs = await utteranceRuns(recogniser, entries, name, options, (line) => process.stderr.write(`${line}\n`));
const vocabulary = { list: recogniser.config.tokens.list, blank: recogniser.config.tokens.blank, space: recogniser.config.tokens.space };
const frameS = recogniser.frameSeconds;
await recogniser.release();

const hours = runs.reduce((a, r) => a + r.durationS, 0) / 3600;
const perHour = (bytes: number) => `${(bytes / hours / 1e6).toFixed(2)} MB`;
const resultBytes = runs.reduce((a, r) => a + r.resultBytes, 0);
const segments = runs.flatMap((r) => r.segments.map((s) => ({ run: r, segment: s, dense: { logProbs: logProbsOf(s), frames: s.frames, vocabulary: vocabulary.list.length } satisfies CtcPosteriors })));
const denseBytes = segments.reduce((a, s) => a + Math.ceil((s.dense.logProbs.byteLength * 4) / 3), 0);
const encoderMs = segments.reduce((a, s) => a + s.segment.encoderMs, 0);

/** Boundaries (starts and ends, in frames) of `text` aligned against `stored`, against the same against `dense`. */
function boundaryShifts(text: string, dense: CtcPosteriors, stored: CtcPosteriors, offsetSeconds: number): number[] {
  const span = { frameSeconds: frameS, offsetSeconds };
  const a = alignText(text, dense, vocabulary, span).words;
  const b = alignText(text, stored, vocabulary, span).words;
  return a.flatMap((w, i) => [Math.abs(w.start - b[i]!.start), Math.abs(w.end - b[i]!.end)].map((d) => Math.round(d / frameS)));
}

const variants: { label: string; k: number; rest: number }[] = [
  ...[1, 2, 3, 4, 6].map((k) => ({ label: `top ${k}`, k, rest: 0 })),
  ...[0.05, 0.01, 0.001, 0.0001].map((rest) => ({ label: `up to 8, until all but ${rest}`, k: 8, rest })),
];
const rows = variants.map(({ label, k, rest }) => {
  let bytes = 0;
  const reference: number[] = [];
  const hypothesis: number[] = [];
  for (const { run, segment, dense } of segments) {
    const stored = storePosteriors(dense, vocabulary, frameS, { k, rest });
    bytes += JSON.stringify(stored).length;
    const restored = restorePosteriors(stored);
    hypothesis.push(...boundaryShifts(segment.text, dense, restored, segment.start));
    // The reference is the utterance's: aligned where the utterance is one segment (the edit a user makes).
    if (run.segments.length === 1) reference.push(...boundaryShifts(run.reference, dense, restored, segment.start));
  }
  const share = (shifts: number[], more: number) => `${((100 * shifts.filter((d) => d > more).length) / Math.max(1, shifts.length)).toFixed(1)} %`;
  const moved = (shifts: number[]) => `${share(shifts, 0)} / ${share(shifts, 1)} / ${share(shifts, 4)} (max ${Math.max(0, ...shifts)})`;
  return [label, perHour(bytes), `${((100 * bytes) / resultBytes).toFixed(0)} %`, moved(reference), moved(hypothesis)];
});

process.stdout.write(
  `## CTC posteriors kept with a result\n\n${manifest}: ${runs.length} utterances, ${(hours * 60).toFixed(1)} min, ${segments.length} segments; decoder ${JSON.stringify(options)}\n` +
    `stored result JSON (results-store.ts, without posteriors): ${perHour(resultBytes)} per hour of audio\n` +
    `dense float32 posteriors, base64: ${perHour(denseBytes)} per hour (${((100 * denseBytes) / resultBytes).toFixed(0)} % of the result)\n` +
    `re-running the encoder instead: ${(encoderMs / (hours * 3600)).toFixed(1)} ms per audio second (Node WASM, 1 thread, this machine), plus reading and featurising the audio\n\n` +
    `${markdownTable(['kept per frame', 'bytes per hour', 'of the result', 'reference words: boundaries moved > 0 / > 1 / > 4 frames', 'transcript words: the same'], rows)}\n`,
);

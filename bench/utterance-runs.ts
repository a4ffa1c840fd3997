// One decoder over a manifest by the app's own path (transcribe: cut at pauses, each segment encoded and
// decoded), keeping per segment what the editing benchmarks need: the transcript's tokens, their
// probabilities and word times, and the segment's dense CTC log-posteriors. Cached as JSON under
// bench/results/ (keyed by manifest and decoder), since the decode is the slow part and the analyses are not.

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { resultBody, transcribe, type DecodeOptions, type Recogniser, type WordTiming } from '../src/core';
import { decodeFile, extractFeatures } from '../src/audio';
import type { ManifestEntry } from './manifest';
import { ROOT } from './paths';

export interface SegmentRun {
  start: number;
  end: number;
  text: string;
  tokens: number[];
  /** The decoder's probability of each token. */
  confidences: number[];
  words: WordTiming[];
  frames: number;
  /** base64 of the segment's float32 frames × vocabulary CTC log-posteriors. */
  ctcLogProbs: string;
  encoderMs: number;
}

export interface UtteranceRun {
  audio: string;
  reference: string;
  durationS: number;
  /** Bytes of the stored result's JSON as results-store.ts writes it (without posteriors). */
  resultBytes: number;
  segments: SegmentRun[];
}

export async function utteranceRuns(recogniser: Recogniser, entries: readonly ManifestEntry[], name: string, options: DecodeOptions, progress: (line: string) => void): Promise<UtteranceRun[]> {
  const cache = path.join(ROOT, 'bench/results', `runs-${name}.json`);
  if (existsSync(cache)) {
    const runs = JSON.parse(await readFile(cache, 'utf8')) as UtteranceRun[];
    if (runs.length === entries.length) return runs;
  }
  const runs: UtteranceRun[] = [];
  for (const [index, entry] of entries.entries()) {
    const audio = await decodeFile(entry.audio);
    const segments: SegmentRun[] = [];
    const transcript = await transcribe(recogniser, audio.samples, {
      ...options,
      extractFeatures,
      onSegment: (recognition, segment) => {
        const bytes = new Uint8Array(recognition.encoder.ctcLogProbs.buffer, recognition.encoder.ctcLogProbs.byteOffset, recognition.encoder.ctcLogProbs.byteLength);
        segments.push({
          start: segment.start,
          end: segment.end,
          text: segment.text,
          tokens: segment.tokens,
          confidences: segment.confidences,
          words: segment.words,
          frames: recognition.encoder.frames,
          ctcLogProbs: Buffer.from(bytes).toString('base64'),
          encoderMs: recognition.stats.encoderMs,
        });
      },
    });
    const body = resultBody(transcript, 'default', audio.durationS);
    const stored = { id: 'mbx0example-abc123', source: entry.audio, name: path.basename(entry.audio), createdAt: new Date(0).toISOString(), ...body };
    runs.push({ audio: entry.audio, reference: entry.reference, durationS: audio.durationS, resultBytes: Buffer.byteLength(JSON.stringify(stored, null, 1)), segments });
    if ((index + 1) % 25 === 0 || index + 1 === entries.length) progress(`  ${name}: ${index + 1}/${entries.length}`);
  }
  await mkdir(path.dirname(cache), { recursive: true });
  await writeFile(cache, JSON.stringify(runs));
  return runs;
}

export function logProbsOf(segment: SegmentRun): Float32Array {
  const bytes = Buffer.from(segment.ctcLogProbs, 'base64');
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

// A stored result with real CTC posteriors, made without running a model: the shipped model's CTC output for the
// espeak-1 fixture ("the quick brown fox jumps over the lazy dog", src/core/fixtures/default-reference), decoded
// greedily and kept as the pipeline keeps it, as the second of two segments, 1 s into the file (so edits must land
// in file time). What src/main/result-edits.test.ts builds, for the renderer's editing tests.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readFloat32File } from '../cli/folder-bundle-reader';
import { ctcDecode } from '../core/ctc';
import type { EncoderOutput } from '../core/encoder';
import { storePosteriors } from '../core/posteriors';
import { tokenTimes, wordTimings } from '../core/timing';
import { TokenTable } from '../core/tokens';
import type { TranscriptionResult } from '../shared/contract';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MODEL = path.join(ROOT, 'models/default/model.json');
const CTC = path.join(ROOT, 'src/core/fixtures/default-reference/espeak-1.full.ctc.f32');
const FRAME_S = 0.04;

/** Whether the shipped model and its reference posteriors are there (they are in the repository). */
export const FOX_PRESENT = existsSync(MODEL) && existsSync(CTC);

/** The result, stored as `id` from `source`; `confidences` replace the decoder's word confidences (for unsure-word tests). */
export async function foxResult(id: string, source: string, confidences?: readonly number[]): Promise<TranscriptionResult> {
  const tokens = new TokenTable((JSON.parse(readFileSync(MODEL, 'utf8')) as { tokens: ConstructorParameters<typeof TokenTable>[0] }).tokens);
  const logProbs = await readFloat32File(CTC);
  const frames = logProbs.length / tokens.size;
  const ctc = ctcDecode({ frames, vocabulary: tokens.size, ctcLogProbs: logProbs } as EncoderOutput, tokens);
  const words = wordTimings(ctc.tokens, tokenTimes(ctc, FRAME_S, 1), ctc.confidences, tokens).map((w, i) => ({ ...w, confidence: confidences?.[i] ?? w.confidence }));
  const text = words.map((w) => w.word).join(' ');
  const end = 1 + frames * FRAME_S;
  return {
    id,
    source,
    name: path.basename(source),
    createdAt: '2026-12-07T13:00:00.000Z',
    model: 'default',
    durationS: end,
    options: { beam: 1, iterations: 0 },
    text: `hello ${text}`,
    segments: [
      { start: 0, end: 1, text: 'hello', words: [{ word: 'hello', start: 0.2, end: 0.6, confidence: 0.99 }] },
      { start: 1, end, text, words, ctc: storePosteriors({ logProbs, frames, vocabulary: tokens.size }, tokens, FRAME_S) },
    ],
    stats: { decoder: 'ctc', backend: 'wasm', audioS: end, featureMs: 1, encoderMs: 10, decoderMs: 1, decoderSteps: 0, tokens: ctc.tokens.length, tokensPerSecond: 1, rtf: 0.01, segments: 2 },
  };
}

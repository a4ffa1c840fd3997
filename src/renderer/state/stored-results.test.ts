// A stored result read back says what it ran with as a run does (RunSettings), so the explorer decodes it again the
// same way: the settings survive the result builder (core/result.ts) and the read-back.
import { describe, expect, it } from 'vitest';
import { resultBody, type FinishedRun } from '../../core/result';
import type { RunSettings } from '../../core/run-settings';
import type { TranscriptionResult } from '../../shared/contract';
import { storedRan } from './stored-results';

const stats = { decoder: 'rescore', backend: 'wasm', audioS: 2, featureMs: 1, encoderMs: 2, decoderMs: 3, totalMs: 6, rtf: 0.003, steps: 4, tokens: 5, segments: 1 } as unknown as FinishedRun['stats'];

function readBack(ran: RunSettings): TranscriptionResult {
  const body = resultBody({ text: 'a b', segments: [], stats: { ...stats, decoder: ran.decoder }, ran }, 'default', 2);
  return { ...body, id: 'r', createdAt: '2026-12-07T00:00:00Z', source: '/x.wav', name: 'x.wav' } as TranscriptionResult;
}

describe('storedRan', () => {
  it('gives back the decoder, beam, iterations, window and search weights the run recorded', () => {
    const rescore: RunSettings = { decoder: 'rescore', beam: 64, iterations: 0, window: { left: 16, right: 2 }, ctcWeight: 0.3, lmWeight: 0.5, lengthBonus: 0, wordLmWeight: 0.7, oovPenalty: 14, wordBonus: 1 };
    const { lengthBonus: _l, wordBonus: _w, ...recorded } = rescore;
    expect(storedRan(readBack(rescore)).ran).toEqual(recorded);
    const nat: RunSettings = { decoder: 'nat', beam: 1, iterations: 2, window: { left: 1000, right: 1000 } };
    expect(storedRan(readBack(nat)).ran).toEqual(nat);
  });

  it('gives nothing for a result stored before the window was recorded', () => {
    const result = readBack({ decoder: 'at', beam: 8, iterations: 0, window: { left: 1, right: 1 }, ctcWeight: 0.3 });
    const { window: _, ...older } = result.options;
    expect(storedRan({ ...result, options: older })).toEqual({});
  });
});

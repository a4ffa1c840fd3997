import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFile } from './decode-file';
import { extractFeatures } from './extract-features';
import { FEATURE_PARAMETERS } from './feature-parameters';
import { fixture } from './fixtures/fixture-path';
import { maxAbsDiff } from './fixtures/signal-compare';

// The golden fixture shared with training/tests/test_features_parity.py (fixtures/make-golden.ts).
// If this fails, the TypeScript features changed: training and the app would disagree. Regenerate
// the golden files only on purpose, and rerun the Python parity test.
describe('golden log-mel fixture', () => {
  const meta = JSON.parse(readFileSync(fixture('golden/utterance.json'), 'utf8')) as { nSamples: number; nFrames: number; nMels: number; parameters: unknown };
  const bytes = readFileSync(fixture('golden/utterance.logmel.f32'));
  const golden = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));

  it('was made with the current shared parameters', () => {
    expect(meta.parameters).toEqual(JSON.parse(readFileSync(fixture('../../shared/features.json'), 'utf8')));
    expect(meta.nMels).toBe(FEATURE_PARAMETERS.nMels);
    expect(golden.length).toBe(meta.nFrames * meta.nMels);
  });

  it('is still what the TypeScript front end computes', async () => {
    const { samples } = await decodeFile(fixture('golden/utterance.wav'));
    expect(samples.length).toBe(meta.nSamples);
    const { frames, nFrames } = extractFeatures(samples);
    expect(nFrames).toBe(meta.nFrames);
    // Bit-identical on the machine that made it; 1e-5 leaves room for another platform's libm.
    expect(maxAbsDiff(frames, golden)).toBeLessThanOrEqual(1e-5);
  });
});

// The evaluation's decoders take the CLI's path: on speech with a long pause (cut into several segments
// by the core, the silent one skipped) each decoder's hypothesis is the text `transcribe` gives with that
// decoder alone, although the evaluation encodes each segment once for all of them. Tiny bundle.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFile, extractFeatures } from '../src/audio';
import { folderBundleReader } from '../src/cli/folder-bundle-reader';
import { Recogniser, transcribe } from '../src/core';
import { concatenateFloats } from '../src/shared/samples';
import type { DecoderConfig } from './decoders';
import { WorkbenchSystems } from './workbench-systems';

const FIXTURES = path.join(import.meta.dirname, '../src/core/fixtures');
const DECODERS: DecoderConfig[] = [
  { name: 'CTC', options: { decoder: 'ctc' } },
  { name: 'NAT k=1', options: { decoder: 'nat', iterations: 1 } },
];

let recogniser: Recogniser;
let samples: Float32Array;
beforeAll(async () => {
  recogniser = await Recogniser.load(folderBundleReader(path.join(FIXTURES, 'tiny-bundle')), { backend: 'wasm' });
  const [one, two] = await Promise.all(['espeak-1.wav', 'espeak-2.wav'].map((f) => decodeFile(path.join(FIXTURES, 'audio', f))));
  const pause = new Float32Array(16_000 * 25);
  samples = concatenateFloats([one!.samples, pause, two!.samples, one!.samples, pause, two!.samples]);
}, 60_000);
afterAll(() => recogniser.release());

describe('WorkbenchSystems', () => {
  it('gives each decoder the transcript the CLI’s path gives it, segment by segment, and times every decoder', async () => {
    const systems = new WorkbenchSystems(recogniser, DECODERS);
    await systems.add({ samples, reference: 'a reference' });
    const results = systems.results();
    for (const [i, config] of DECODERS.entries()) {
      const alone = await transcribe(recogniser, samples, { ...config.options, extractFeatures });
      expect(alone.segments.length).toBeGreaterThan(1);
      expect(results[i]!.hypotheses).toEqual([alone.text]);
      expect(results[i]!.audioS).toBeCloseTo(samples.length / 16_000, 6);
      expect(results[i]!.processingS).toBeGreaterThan(0);
      expect(results[i]!.cpuS).toBeGreaterThan(0);
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFile } from './decode-file';
import { extractFeatures } from './extract-features';
import { FEATURE_PARAMETERS } from './feature-parameters';
import { fixture } from './fixtures/fixture-path';
import { StreamingFeatureExtractor, type FeatureFrameBlock } from './streaming-feature-extractor';

const { nMels } = FEATURE_PARAMETERS;

function pushInPieces(extractor: StreamingFeatureExtractor, samples: Float32Array, sizes: number[]): FeatureFrameBlock[] {
  const blocks: FeatureFrameBlock[] = [];
  let start = 0;
  for (const size of sizes) {
    blocks.push(extractor.push(samples.subarray(start, start + size)));
    start += size;
  }
  blocks.push(extractor.push(samples.subarray(start)));
  return blocks;
}

function joined(blocks: FeatureFrameBlock[]): Float32Array {
  const out = new Float32Array(blocks.reduce((n, b) => n + b.frames.length, 0));
  let offset = 0;
  for (const block of blocks) {
    out.set(block.frames, offset);
    offset += block.frames.length;
  }
  return out;
}

describe('StreamingFeatureExtractor equals whole-file extraction', async () => {
  const speech = (await decodeFile(fixture('golden/utterance.wav'))).samples.subarray(0, 12_000);
  const batch = extractFeatures(speech);

  it('frame for frame, however the samples are split (including 0- and 1-sample pushes)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2500 })), { maxLength: 25 }), (sizes) => {
        const blocks = pushInPieces(new StreamingFeatureExtractor(), speech, sizes);
        expect(joined(blocks)).toEqual(batch.frames);
        let expectedStart = 0;
        for (const block of blocks) {
          expect(block.startFrame).toBe(expectedStart);
          expect(block.frames.length).toBe(block.nFrames * nMels);
          expectedStart += block.nFrames;
        }
        expect(expectedStart).toBe(batch.nFrames);
      }),
      { numRuns: 60 },
    );
  });

  it('in the 512/160 microphone rhythm and in 100 ms file-source chunks', () => {
    for (const size of [512, 1600, 160, 1]) {
      const sizes = Array.from({ length: Math.ceil(speech.length / size) }, () => size);
      expect(joined(pushInPieces(new StreamingFeatureExtractor(), speech, sizes))).toEqual(batch.frames);
    }
  });

  it('reset() starts over at frame 0 with no samples kept', () => {
    const extractor = new StreamingFeatureExtractor();
    extractor.push(speech.subarray(0, 5000));
    extractor.reset();
    expect(extractor.framesProduced).toBe(0);
    const block = extractor.push(speech);
    expect(block.startFrame).toBe(0);
    expect(block.frames).toEqual(batch.frames);
  });
});

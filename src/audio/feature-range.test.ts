// A range read again (readFeatureRange) gives exactly the whole file's samples and frames for that range: what
// the app's long files rely on when it keeps only an overview and fetches a segment's audio when it needs it.
import { describe, expect, it } from 'vitest';
import { decodeFile } from './decode-file';
import { extractFeatures } from './extract-features';
import { FEATURE_PARAMETERS } from './feature-parameters';
import { readFeatureRange } from './feature-range';
import { fixture } from './fixtures/fixture-path';

const { nMels, hopSize, frameSize } = FEATURE_PARAMETERS;

async function whole(file: string) {
  const audio = await decodeFile(file);
  return { samples: audio.samples, ...extractFeatures(audio.samples) };
}

describe('readFeatureRange', () => {
  // WAV, FLAC, MP3 and Vorbis: the decoders (and the resampler, where the file's rate is not 16 kHz) before the range run as in a whole-file read.
  for (const name of ['formats/reference-16000.wav', 'formats/speech.flac', 'formats/speech.mp3', 'formats/speech-vorbis.ogg']) {
    it(`equals the whole-file slice of samples and frames (${name})`, async () => {
      const file = fixture(name);
      const all = await whole(file);
      expect(all.nFrames).toBeGreaterThan(60);
      const ranges = [
        [0, 10],
        [7, 33],
        [all.nFrames - 20, 20],
        // past the end: as many frames as there are
        [all.nFrames - 5, 50],
      ] as const;
      for (const [first, n] of ranges) {
        const range = await readFeatureRange(file, first, n);
        const got = Math.min(n, all.nFrames - first);
        expect(range.nFrames).toBe(got);
        expect(range.firstSample).toBe(first * hopSize);
        expect(range.frames).toEqual(all.frames.slice(first * nMels, (first + got) * nMels));
        const endSample = Math.min(all.samples.length, first * hopSize + (n - 1) * hopSize + frameSize);
        expect(range.samples).toEqual(all.samples.slice(first * hopSize, endSample));
      }
    });
  }

  it('reads nothing for an empty range, and names the file when it cannot be read', async () => {
    const range = await readFeatureRange(fixture('formats/speech.flac'), 10, 0);
    expect(range).toMatchObject({ nFrames: 0, firstFrame: 10, firstSample: 10 * hopSize });
    expect(range.samples.length).toBe(0);
    await expect(readFeatureRange('/nonexistent/x.wav', 0, 10)).rejects.toMatchObject({ code: 'not-found' });
  });
});

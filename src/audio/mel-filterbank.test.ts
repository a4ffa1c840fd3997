import { describe, expect, it } from 'vitest';
import { FEATURE_PARAMETERS } from './feature-parameters';
import { createMelFilterBank, meydaWindow } from './meyda-building-blocks';
import { packFilterBank } from './mel-filterbank';
import { meydaForTests } from './meyda-mel-bands';

const { sampleRate, nMels, frameSize, window, numberOfMFCCCoefficients } = FEATURE_PARAMETERS;
const filterCount = Math.max(nMels, numberOfMFCCCoefficients);

describe("Meyda's building blocks, reached in its CommonJS build", () => {
  it('createMelFilterBank gives the bank Meyda.extract builds for itself under our parameters', () => {
    const Meyda = meydaForTests;
    Object.assign(Meyda, { bufferSize: frameSize, sampleRate, melBands: nMels, numberOfMFCCCoefficients, windowingFunction: window });
    Meyda.melFilterBank = undefined;
    Meyda.extract('melBands', new Float32Array(frameSize));
    const built = Meyda.melFilterBank!;
    expect(built.length).toBe(filterCount);
    expect(createMelFilterBank(filterCount, sampleRate, frameSize)).toEqual(built);
  });

  it("meydaWindow is Meyda's float32 window, 'rect' is none, unknown names are refused", () => {
    const hanning = meydaWindow('hanning', frameSize);
    expect(hanning).toBeInstanceOf(Float32Array);
    for (const i of [0, 1, 100, 255, 256, 511]) expect(hanning[i]).toBe(Math.fround(0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (frameSize - 1))));
    expect(meydaWindow('', 8)).toEqual(meydaWindow('hanning', 8));
    expect(meydaWindow('rect', 4)).toEqual(new Float32Array([1, 1, 1, 1]));
    expect(() => meydaWindow('kaiser', 8)).toThrow(/kaiser/);
  });
});

describe('packFilterBank', () => {
  const bank = createMelFilterBank(filterCount, sampleRate, frameSize);
  const bins = frameSize / 2;
  const packed = packFilterBank(bank, nMels, bins);

  it('keeps exactly the non-zero weights of the first bufferSize/2 bins, in order', () => {
    for (let m = 0; m < nMels; m++) {
      const dense = new Array<number>(bins).fill(0);
      for (let j = packed.firstBin[m]!; j < packed.endBin[m]!; j++) dense[j] = packed.weights[packed.weightStart[m]! + j - packed.firstBin[m]!]!;
      expect(dense).toEqual(bank[m]!.slice(0, bins));
    }
  });

  it("under our parameters: 80 filters, band 2 empty (no FFT bin falls in it), the Nyquist bin unused", () => {
    expect(packed.filterCount).toBe(80);
    expect(packed.endBin[2]! - packed.firstBin[2]!).toBe(0);
    for (let m = 0; m < nMels; m++) expect(packed.endBin[m]).toBeLessThanOrEqual(bins);
    expect(bank.every((filter) => filter[bins] === 0)).toBe(true);
  });

  it('refuses to pack more filters than the bank has', () => {
    expect(() => packFilterBank(bank, filterCount + 1, bins)).toThrow();
  });
});

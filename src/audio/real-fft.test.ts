import { describe, expect, it } from 'vitest';
import { RealFft } from './real-fft';

function randomSignal(length: number, seed: number): Float64Array {
  let state = seed;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 32 - 0.5;
  }
  return out;
}

/** The DFT by its definition, O(N²), with the angle reduced mod N so it stays exact. */
function naiveDft(x: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const re = new Float64Array(n / 2 + 1);
  const im = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) {
    let sumRe = 0;
    let sumIm = 0;
    for (let t = 0; t < n; t++) {
      const angle = (-2 * Math.PI * ((k * t) % n)) / n;
      sumRe += x[t]! * Math.cos(angle);
      sumIm += x[t]! * Math.sin(angle);
    }
    re[k] = sumRe;
    im[k] = sumIm;
  }
  return { re, im };
}

describe('RealFft', () => {
  it('equals the DFT definition for every power-of-two size from 2 to 1024', () => {
    for (let size = 2; size <= 1024; size *= 2) {
      const x = randomSignal(size, size);
      const fft = new RealFft(size);
      const re = new Float64Array(size / 2 + 1);
      const im = new Float64Array(size / 2 + 1);
      fft.transform(x, re, im);
      const expected = naiveDft(x);
      for (let k = 0; k <= size / 2; k++) {
        expect(Math.abs(re[k]! - expected.re[k]!)).toBeLessThan(1e-12 * size);
        expect(Math.abs(im[k]! - expected.im[k]!)).toBeLessThan(1e-12 * size);
      }
    }
  });

  it('gives an impulse a flat spectrum and a cosine two lines, and leaves its input alone', () => {
    const size = 512;
    const fft = new RealFft(size);
    const re = new Float64Array(size / 2 + 1);
    const im = new Float64Array(size / 2 + 1);
    const impulse = new Float64Array(size);
    impulse[0] = 1;
    fft.transform(impulse, re, im);
    expect(Array.from(re)).toEqual(new Array(size / 2 + 1).fill(1));
    expect(im.every((v) => v === 0)).toBe(true);

    const cosine = Float64Array.from({ length: size }, (_, t) => Math.cos((2 * Math.PI * 37 * t) / size));
    const copy = cosine.slice();
    fft.transform(cosine, re, im);
    expect(cosine).toEqual(copy);
    for (let k = 0; k <= size / 2; k++) {
      expect(re[k]).toBeCloseTo(k === 37 ? size / 2 : 0, 9);
      expect(im[k]).toBeCloseTo(0, 9);
    }
  });

  it('reuses its buffers: the same input twice gives the same output', () => {
    const fft = new RealFft(64);
    const x = randomSignal(64, 5);
    const first = { re: new Float64Array(33), im: new Float64Array(33) };
    const second = { re: new Float64Array(33), im: new Float64Array(33) };
    fft.transform(x, first.re, first.im);
    fft.transform(randomSignal(64, 6), second.re, second.im);
    fft.transform(x, second.re, second.im);
    expect(second).toEqual(first);
  });

  it('refuses sizes that are not powers of two', () => {
    for (const size of [0, 1, 3, 500, 512.5]) expect(() => new RealFft(size)).toThrow(RangeError);
  });
});

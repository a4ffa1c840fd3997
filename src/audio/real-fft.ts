// A forward FFT of real input, X[k] = Σ_n x[n]·e^(−2πikn/N) for k = 0..N/2 (unscaled, as Meyda's),
// for a power-of-two N, on preallocated Float64Arrays.
//
// Why this shape: a real signal of N samples is packed into N/2 complex values (even samples real,
// odd samples imaginary), transformed by an iterative radix-2 complex FFT of size N/2, and split into
// the spectrum of the real signal with one more pass. That is half the work of the complex FFT of
// size N that Meyda runs on a zero imaginary part. Twiddles and the bit-reversal permutation are
// computed once, with Math.cos/Math.sin per entry (no recurrence, so no accumulated rounding), and
// transform() allocates nothing: it runs once per 10 ms frame.

export class RealFft {
  readonly size: number;
  /** N/2: the size of the complex FFT. */
  private readonly half: number;
  /** bitReversed[n] is n with its log2(N/2) bits reversed. */
  private readonly bitReversed: Uint32Array;
  /** e^(−2πit/(N/2)) for t < N/4 (the complex FFT's twiddles). */
  private readonly twiddleRe: Float64Array;
  private readonly twiddleIm: Float64Array;
  /** cos and sin of 2πk/N for k ≤ N/2 (the split into the real signal's spectrum). */
  private readonly splitCos: Float64Array;
  private readonly splitSin: Float64Array;
  /** The packed complex signal, transformed in place. */
  private readonly zRe: Float64Array;
  private readonly zIm: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 2 || (size & (size - 1)) !== 0) {
      throw new RangeError(`RealFft needs a power-of-two size of at least 2, got ${size}`);
    }
    this.size = size;
    const half = size / 2;
    this.half = half;

    const bits = Math.log2(half);
    this.bitReversed = new Uint32Array(half);
    for (let n = 0; n < half; n++) {
      let reversed = 0;
      for (let b = 0; b < bits; b++) reversed |= ((n >> b) & 1) << (bits - 1 - b);
      this.bitReversed[n] = reversed;
    }

    const quarter = Math.max(1, half / 2);
    this.twiddleRe = new Float64Array(quarter);
    this.twiddleIm = new Float64Array(quarter);
    for (let t = 0; t < quarter; t++) {
      const angle = (2 * Math.PI * t) / half;
      this.twiddleRe[t] = Math.cos(angle);
      this.twiddleIm[t] = -Math.sin(angle);
    }

    this.splitCos = new Float64Array(half + 1);
    this.splitSin = new Float64Array(half + 1);
    for (let k = 0; k <= half; k++) {
      const angle = (2 * Math.PI * k) / size;
      this.splitCos[k] = Math.cos(angle);
      this.splitSin[k] = Math.sin(angle);
    }

    this.zRe = new Float64Array(half);
    this.zIm = new Float64Array(half);
  }

  /**
   * Writes bins 0..N/2 of the DFT of input[0..N) into re and im (each at least N/2 + 1 long).
   * The input is not modified.
   */
  transform(input: Float64Array, re: Float64Array, im: Float64Array): void {
    const { half, bitReversed, zRe, zIm } = this;
    // Pack x[2n] + i·x[2n+1] straight into bit-reversed order, ready for the in-place butterflies.
    for (let n = 0; n < half; n++) {
      const target = bitReversed[n]!;
      zRe[target] = input[2 * n]!;
      zIm[target] = input[2 * n + 1]!;
    }
    this.complexButterflies();
    this.splitRealSpectrum(re, im);
  }

  /**
   * Radix-2 decimation in time over the bit-reversed zRe/zIm, in place, two stages per pass ("radix
   * 2²"): each pass loads four values, does the butterflies of stage `span` and of stage `2·span`, and
   * stores them, halving the memory traffic of one stage per pass. The second stage's twiddle for the
   * upper pair is the first's times −i, done exactly by a swap and a sign change.
   */
  private complexButterflies(): void {
    const { half, twiddleRe, twiddleIm, zRe, zIm } = this;
    let span = 1;
    if ((Math.log2(half) & 1) === 1) {
      // An odd number of stages: the first one alone (its twiddle is 1).
      for (let a = 0; a < half; a += 2) {
        const br = zRe[a + 1]!;
        const bi = zIm[a + 1]!;
        const ar = zRe[a]!;
        const ai = zIm[a]!;
        zRe[a + 1] = ar - br;
        zIm[a + 1] = ai - bi;
        zRe[a] = ar + br;
        zIm[a] = ai + bi;
      }
      span = 2;
    }
    for (; span < half; span *= 4) {
      // Twiddles: stage `span` uses e^(−2πik/(2·span)), stage `2·span` e^(−2πik/(4·span)), both read
      // from the table of e^(−2πit/half).
      const stride1 = half / (2 * span);
      const stride2 = half / (4 * span);
      for (let block = 0; block < half; block += 4 * span) {
        for (let k = 0; k < span; k++) {
          const i0 = block + k;
          const i1 = i0 + span;
          const i2 = i1 + span;
          const i3 = i2 + span;
          const w1r = twiddleRe[k * stride1]!;
          const w1i = twiddleIm[k * stride1]!;
          const w2r = twiddleRe[k * stride2]!;
          const w2i = twiddleIm[k * stride2]!;
          // Stage `span`: (x0, x1) and (x2, x3), both with w1.
          const x0r = zRe[i0]!;
          const x0i = zIm[i0]!;
          const x1r = zRe[i1]!;
          const x1i = zIm[i1]!;
          const x2r = zRe[i2]!;
          const x2i = zIm[i2]!;
          const x3r = zRe[i3]!;
          const x3i = zIm[i3]!;
          const t1r = x1r * w1r - x1i * w1i;
          const t1i = x1r * w1i + x1i * w1r;
          const t3r = x3r * w1r - x3i * w1i;
          const t3i = x3r * w1i + x3i * w1r;
          const a0r = x0r + t1r;
          const a0i = x0i + t1i;
          const a1r = x0r - t1r;
          const a1i = x0i - t1i;
          const a2r = x2r + t3r;
          const a2i = x2i + t3i;
          const a3r = x2r - t3r;
          const a3i = x2i - t3i;
          // Stage `2·span`: (a0, a2) with w2, (a1, a3) with w2·(−i) = (w2i, −w2r).
          const u2r = a2r * w2r - a2i * w2i;
          const u2i = a2r * w2i + a2i * w2r;
          const u3r = a3r * w2i + a3i * w2r;
          const u3i = a3i * w2i - a3r * w2r;
          zRe[i0] = a0r + u2r;
          zIm[i0] = a0i + u2i;
          zRe[i2] = a0r - u2r;
          zIm[i2] = a0i - u2i;
          zRe[i1] = a1r + u3r;
          zIm[i1] = a1i + u3i;
          zRe[i3] = a1r - u3r;
          zIm[i3] = a1i - u3i;
        }
      }
    }
  }

  /**
   * From Z, the FFT of z[n] = x[2n] + i·x[2n+1]: the even-sample spectrum is E[k] = (Z[k] + Z*[M−k])/2,
   * the odd-sample spectrum O[k] = (Z[k] − Z*[M−k])/(2i), and X[k] = E[k] + e^(−2πik/N)·O[k]
   * (M = N/2, indices mod M).
   */
  private splitRealSpectrum(re: Float64Array, im: Float64Array): void {
    const { half, splitCos, splitSin, zRe, zIm } = this;
    const mask = half - 1;
    for (let k = 0; k <= half; k++) {
      const p = k & mask;
      const q = (half - k) & mask;
      const pr = zRe[p]!;
      const pi = zIm[p]!;
      const qr = zRe[q]!;
      const qi = zIm[q]!;
      const evenRe = 0.5 * (pr + qr);
      const evenIm = 0.5 * (pi - qi);
      const oddRe = 0.5 * (pi + qi);
      const oddIm = -0.5 * (pr - qr);
      const c = splitCos[k]!;
      const s = splitSin[k]!;
      // (c − i·s)(oddRe + i·oddIm)
      re[k] = evenRe + c * oddRe + s * oddIm;
      im[k] = evenIm + c * oddIm - s * oddRe;
    }
  }
}

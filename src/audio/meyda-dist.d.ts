// Types for the two files of Meyda's CommonJS build that meyda-building-blocks.ts imports. The package
// has no "exports" map, so they are reachable, but its typings only describe the ESM build (whose
// extension-less relative imports Node cannot load), hence these declarations.

declare module 'meyda/dist/node/utilities.js' {
  /** numFilters triangular filters over bufferSize/2 + 1 FFT bins, 0 Hz to Nyquist, on Meyda's mel scale. */
  export function createMelFilterBank(numFilters: number, sampleRate: number, bufferSize: number): number[][];
}

declare module 'meyda/dist/node/windowing.js' {
  export function blackman(size: number): Float32Array;
  export function hamming(size: number): Float32Array;
  export function hanning(size: number): Float32Array;
  export function sine(size: number): Float32Array;
}

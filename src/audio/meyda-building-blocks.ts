// Meyda's own window and mel filterbank functions, called once to set up the fast front end, so that
// its window values and filter weights are Meyda's by construction rather than a copy that could drift.
// Meyda's main entry does not re-export them; they live in its CommonJS build beside main.js, which
// bundles the same source (mel-filterbank.test.ts checks the bank equals the one Meyda.extract builds).

import { createMelFilterBank } from 'meyda/dist/node/utilities.js';
import * as meydaWindows from 'meyda/dist/node/windowing.js';

export { createMelFilterBank };

/**
 * The window Meyda's applyWindow multiplies a frame by: 'rect' is no window (all ones), an empty name
 * means 'hanning', anything else must be one of Meyda's windowing functions.
 */
export function meydaWindow(name: string, size: number): Float32Array {
  if (name === 'rect') return new Float32Array(size).fill(1);
  const windowName = name === '' ? 'hanning' : name;
  const make = (meydaWindows as Record<string, unknown>)[windowName];
  if (typeof make !== 'function') throw new Error(`Meyda has no windowing function '${name}'`);
  return (make as (size: number) => Float32Array)(size);
}

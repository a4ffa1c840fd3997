// CTC prefix beam search (training/ctc_beam.py's twin): a wide beam finds the most probable labelling (checked by
// summing every path), it can beat the best path, the language model and length bonus move it as in Python,
// the forced alignment puts tokens on their frames; and on the recipe's fixtures, from PyTorch's own CTC
// log-probabilities, it picks exactly the tokens Python picked.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ctcAlign, ctcBeamSearch } from './ctc-beam';
import { BASE, CharacterLM } from './lm';
import { logAddExp } from './search';

const BLANK = 0;
const EOS = 2;

function logSoftmaxRows(rows: number[][]): Float32Array {
  return Float32Array.from(
    rows.flatMap((r) => {
      const m = Math.max(...r);
      const z = Math.log(r.reduce((s, v) => s + Math.exp(v - m), 0)) + m;
      return r.map((v) => v - z);
    }),
  );
}

/** Every path's probability summed per labelling (ids joined by ','). */
function labellings(x: Float32Array, T: number, V: number): Map<string, number> {
  const totals = new Map<string, number>();
  for (let code = 0; code < V ** T; code++) {
    const path = Array.from({ length: T }, (_, t) => Math.floor(code / V ** t) % V);
    let lp = 0;
    const out: number[] = [];
    path.forEach((k, t) => {
      lp += x[t * V + k]!;
      if (k !== BLANK && k !== path[t - 1]) out.push(k);
    });
    const key = out.join(',');
    totals.set(key, logAddExp(totals.get(key) ?? -Infinity, lp));
  }
  return totals;
}

/** A one-context (order 1) lm.bin whose only row gives these log-probabilities (others -10). */
function fixedLm(logProbs: Record<number, number>): CharacterLM {
  const bytes = new Uint8Array(8 + 4 + BASE);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 1, true);
  view.setUint32(4, 1, true);
  for (let k = 0; k < BASE; k++) bytes[12 + k] = Math.round(-(logProbs[k] ?? -10) / 0.05);
  return new CharacterLM(bytes, EOS, 8);
}

describe('CTC prefix beam search', () => {
  it('with a wide beam finds the most probable labelling', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 4 - 2;
    const T = 5;
    const V = 4;
    for (let trial = 0; trial < 20; trial++) {
      const x = logSoftmaxRows(Array.from({ length: T }, () => Array.from({ length: V }, random)));
      const totals = labellings(x, T, V);
      const best = [...totals].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
      expect({ trial, tokens: ctcBeamSearch(x, T, V, BLANK, EOS, { beam: 200 }).join(',') }).toEqual({ trial, tokens: best });
    }
  });

  it('can beat the best path', () => {
    // best path: blank blank -> "" (0.36); "a" collects 0.64 over a a, a blank, blank a
    const a = 5;
    const row = Array.from({ length: 8 }, (_, k) => Math.log(k === BLANK ? 0.6 : k === a ? 0.4 : 1e-9));
    expect(ctcBeamSearch(logSoftmaxRows([row, row]), 2, 8, BLANK, EOS, { beam: 4 })).toEqual([a]);
  });

  it('is moved by the language model, and by the length bonus that pays for its characters', () => {
    const [b, c] = [5, 6];
    const rows = [0, 1, 2].map((t) => Array.from({ length: 8 }, (_, k) => Math.log(k === BLANK ? 0.2 : t === 1 && k === b ? 0.42 : t === 1 && k === c ? 0.38 : 1e-6)));
    const x = logSoftmaxRows(rows);
    expect(ctcBeamSearch(x, 3, 8, BLANK, EOS, { beam: 8 })).toEqual([b]);
    const lm = fixedLm({ [c]: Math.log(0.2), [b]: Math.log(0.05), [EOS]: Math.log(0.5) });
    expect(ctcBeamSearch(x, 3, 8, BLANK, EOS, { beam: 8, fusion: { lm, weight: 1 }, lengthBonus: 3 })).toEqual([c]);
    expect(ctcBeamSearch(x, 3, 8, BLANK, EOS, { beam: 8, fusion: { lm, weight: 1 } })).toEqual([]);
  });

  it('rejects a beam that is not a whole number >= 1', () => {
    expect(() => ctcBeamSearch(new Float32Array(8), 1, 8, BLANK, EOS, { beam: 0 })).toThrow(/beam must be a whole number >= 1, got 0/);
  });
});

describe('CTC forced alignment', () => {
  it('puts each token on the frames of the best path, a repeat after a blank', () => {
    const [a, b] = [5, 6];
    // frames: a a blank a b b  -> tokens a, a, b
    const likely = [a, a, BLANK, a, b, b];
    const x = logSoftmaxRows(likely.map((k) => Array.from({ length: 8 }, (_, v) => (v === k ? 3 : 0))));
    expect(ctcAlign(x, 6, 8, BLANK, [a, a, b])).toEqual([
      { first: 0, last: 1 },
      { first: 3, last: 3 },
      { first: 4, last: 5 },
    ]);
    expect(ctcAlign(x, 6, 8, BLANK, [])).toEqual([]);
    // a repeat needs a blank between: a a a a in 3 frames cannot fit
    expect(ctcAlign(x, 3, 8, BLANK, [a, a, a])).toBeUndefined();
  });
});

const HERE = import.meta.dirname;
const REFERENCE = path.join(HERE, 'fixtures/default-reference');
const BUNDLE = path.join(HERE, '../../models/default');
const FIXTURES = path.join(REFERENCE, 'fixtures.json');
type Fixture = { name: string; ctcBeam?: number; windows: { tag: string; encodedFrames: number; tokens: Record<string, number[]> }[] };
const fixtures: Fixture[] = existsSync(FIXTURES) ? JSON.parse(readFileSync(FIXTURES, 'utf8')) : [];
const withBeam = fixtures.filter((f) => f.ctcBeam !== undefined);

describe.runIf(withBeam.length > 0 && existsSync(path.join(BUNDLE, 'lm.bin')))('on the recipe fixtures (PyTorch CTC log-probabilities)', () => {
  const config = JSON.parse(readFileSync(path.join(BUNDLE, 'model.json'), 'utf8'));
  const V: number = config.tokens.list.length;
  const lm = new CharacterLM(new Uint8Array(readFileSync(path.join(BUNDLE, 'lm.bin'))), config.tokens.sosEos, V);
  for (const fixture of withBeam) {
    for (const window of fixture.windows) {
      it(`${fixture.name} ${window.tag}: the tokens Python's beam search picked`, () => {
        const bytes = readFileSync(path.join(REFERENCE, `${fixture.name}.${window.tag}.ctc.f32`));
        const x = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
        const tokens = ctcBeamSearch(x, window.encodedFrames, V, config.tokens.blank, config.tokens.sosEos, {
          beam: fixture.ctcBeam!,
          fusion: { lm, weight: config.decoding.ctcLmWeight },
          lengthBonus: config.decoding.ctcLengthBonus,
        });
        expect(tokens).toEqual(window.tokens['ctcBeamLm']);
      });
    }
  }
});

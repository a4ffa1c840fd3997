// The bundle's character language model against the recipe's own reading of the same file
// (training/lm.py CharacterLM, rows written by training/fixtures.py), and lm.bin's validation.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE, CharacterLM, STEP } from './lm';

const HERE = import.meta.dirname;
const BUNDLE_LM = path.join(HERE, '../../models/default/lm.bin');
const ROWS = path.join(HERE, 'fixtures/default-reference/lm-rows.json');
const TOKENS = JSON.parse(readFileSync(path.join(HERE, '../../models/default/model.json'), 'utf8')).tokens as { list: string[]; sosEos: number };
const encode = (text: string) => [...text].map((c) => TOKENS.list.indexOf(c));

/** A hand-made lm.bin: order, then (code, row of levels) pairs in ascending code order. */
function lmBytes(order: number, entries: [number, number[]][]): Uint8Array {
  const bytes = new Uint8Array(8 + entries.length * (4 + BASE));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, order, true);
  view.setUint32(4, entries.length, true);
  entries.forEach(([code, levels], i) => {
    view.setUint32(8 + 4 * i, code, true);
    bytes.set(levels, 8 + 4 * entries.length + i * BASE);
  });
  return bytes;
}

describe.runIf(existsSync(BUNDLE_LM) && existsSync(ROWS))('models/default lm.bin', () => {
  const lm = new CharacterLM(new Uint8Array(readFileSync(BUNDLE_LM)), TOKENS.sosEos, TOKENS.list.length);
  const reference = JSON.parse(readFileSync(ROWS, 'utf8')) as { history: string; logProbs: number[] }[];

  it.each(reference)('after "$history" gives PyTorch-side CharacterLM row', ({ history, logProbs }) => {
    const row = lm.logProbs(encode(history));
    expect(row).toHaveLength(logProbs.length);
    for (let k = 0; k < row.length; k++) expect(Math.abs(row[k]! - logProbs[k]!)).toBeLessThan(1e-6);
  });

  it('rows are distributions (up to the byte quantisation) that follow the text', () => {
    for (const history of ['', 'the', 'it was a ', 'qqqq']) {
      const total = lm.logProbs(encode(history)).reduce((sum, v) => sum + Math.exp(v), 0);
      expect(Math.abs(total - 1)).toBeLessThan(0.05);
    }
    const afterThe = lm.logProbs(encode('in th'));
    expect(afterThe[encode('e')[0]!]!).toBeGreaterThan(afterThe[encode('x')[0]!]!);
    expect(lm.order).toBeGreaterThan(1);
  });
});

describe('CharacterLM lookup and validation', () => {
  const sos = 2;
  const flat = new Array<number>(BASE).fill(60);
  const likesA = flat.map((v, k) => (k === 5 ? 0 : v)); // after "b" (id 6): "a" (id 5) is certain

  it('takes the longest stored suffix of the history, and the empty context otherwise', () => {
    const lm = new CharacterLM(lmBytes(3, [[0, flat], [6, likesA]]), sos, 32);
    expect(lm.logProbs([7, 6])[5]).toBeCloseTo(0, 9); // context "b" is stored
    expect(lm.logProbs([6, 7])[5]).toBeCloseTo(-60 * STEP, 9); // "c": only the empty context
    expect(lm.logProbs([])[5]).toBeCloseTo(-60 * STEP, 9); // <sos> alone is not stored either
  });

  it('names the file and the problem for a broken lm.bin', () => {
    expect(() => new CharacterLM(new Uint8Array(5), sos, 32, 'x/lm.bin')).toThrow(/x\/lm\.bin: 5 bytes, too short/);
    const good = lmBytes(3, [[0, flat]]);
    expect(() => new CharacterLM(good.subarray(0, good.length - 1), sos, 32, 'lm.bin')).toThrow(/1 contexts need 44/);
    expect(() => new CharacterLM(lmBytes(9, [[0, flat]]), sos, 32)).toThrow(/order 9/);
    expect(() => new CharacterLM(lmBytes(3, [[6, likesA]]), sos, 32)).toThrow(/no row for the empty context/);
    expect(() => new CharacterLM(good, sos, 40)).toThrow(/40 tokens/);
  });
});

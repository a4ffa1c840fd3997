// ONNX Runtime Web (wasm) against the recipe's PyTorch fixtures: encoder states and CTC
// log-probabilities within tolerance, every decoder's tokens exactly. Runs for the tiny random bundle
// (src/core/fixtures/tiny-reference) and for the shipped bundle models/default
// (src/core/fixtures/default-reference, written by training/release.sh). CORE_PARITY_BUNDLE /
// CORE_PARITY_REFERENCE add another bundle and the output of `python3 -m training.fixtures` for it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { folderBundleReader, readFloat32File } from '../cli/folder-bundle-reader';
import { configureOnnxRuntime } from './backend';
import { Recogniser } from './recogniser';

// ONNX Runtime start-up (WASM compile) is slow on a loaded shared machine; the tests themselves are short.
// Generous: each case decodes with every decoder, beam searches with both language models included, and the suite must
// pass on a loaded 2-core machine (no test may depend on its speed).
vi.setConfig({ testTimeout: 600_000, hookTimeout: 120_000 });

const HERE = import.meta.dirname;
const PAIRS: { label: string; bundle: string; reference: string }[] = [
  { label: 'tiny random bundle', bundle: path.join(HERE, 'fixtures/tiny-bundle'), reference: path.join(HERE, 'fixtures/tiny-reference') },
  { label: 'models/default', bundle: path.join(HERE, '../../models/default'), reference: path.join(HERE, 'fixtures/default-reference') },
];
const extra = process.env['CORE_PARITY_BUNDLE'];
if (extra) PAIRS.push({ label: extra, bundle: extra, reference: process.env['CORE_PARITY_REFERENCE'] ?? '' });
const present = PAIRS.filter((p) => existsSync(path.join(p.bundle, 'model.json')) && existsSync(path.join(p.reference, 'fixtures.json')));

interface FixtureWindow {
  left: number;
  right: number;
  tag: string;
  encodedFrames: number;
  dModel: number;
  tokens: Record<'ctc' | 'atGreedy' | 'atBeam' | 'nat0' | 'nat2', number[]> & {
    atGreedyAlone?: number[];
    atBeamLm?: number[];
    ctcBeamLm?: number[];
    /** With the word model (fixtures written with --word-lm): the bundle's defaults for AT and CTC beam search and rescoring. */
    atBeamWords?: number[];
    ctcBeamWords?: number[];
    rescoreWords?: number[];
  };
  text: Record<string, string>;
}
interface Fixture {
  name: string;
  nFrames: number;
  nMels: number;
  /** The AT beam of atBeam and atBeamLm (the recipe's decode.AT_BEAM when the fixtures were written). */
  atBeam: number;
  /** The CTC beam of ctcBeamLm (fixtures written with the language model). */
  ctcBeam?: number;
  windows: FixtureWindow[];
}

describe.each(present)('$label', ({ bundle: BUNDLE, reference: REFERENCE }) => {
  const fixtures = JSON.parse(readFileSync(path.join(REFERENCE, 'fixtures.json'), 'utf8')) as Fixture[];
  let recogniser: Recogniser;
  // the app's arithmetic: int8 MatMuls where the bundle exports them (docs/bundle.md integerMatMuls)
  let integer: Recogniser;

  beforeAll(async () => {
    configureOnnxRuntime({ numThreads: 1 });
    // the graphs against PyTorch: fp32 arithmetic, as the recipe computes
    recogniser = await Recogniser.load(folderBundleReader(BUNDLE), { backend: 'wasm', arithmetic: 'fp32' });
    integer = await Recogniser.load(folderBundleReader(BUNDLE), { backend: 'wasm' });
  });

  function maxAbsDifference(a: Float32Array, b: Float32Array): number {
    expect(a.length).toBe(b.length);
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    return worst;
  }

  describe.each(fixtures)('$name', (fixture) => {
    describe.each(fixture.windows)('window $tag', (window) => {
      const run = async () => {
        const features = await readFloat32File(path.join(REFERENCE, `${fixture.name}.features.f32`));
        expect(features.length).toBe(fixture.nFrames * fixture.nMels);
        // as the recipe decodes: the features, then the bundle's silent tail (decoding.tailFrames)
        return recogniser.encodeUtterance(features, fixture.nFrames, { left: window.left, right: window.right });
      };

      it('encoder states and CTC log-probabilities match PyTorch within 1e-3', async () => {
        const out = await run();
        expect(out.frames).toBe(window.encodedFrames);
        expect(maxAbsDifference(out.encoded, await readFloat32File(path.join(REFERENCE, `${fixture.name}.${window.tag}.encoded.f32`)))).toBeLessThan(1e-3);
        expect(maxAbsDifference(out.ctcLogProbs, await readFloat32File(path.join(REFERENCE, `${fixture.name}.${window.tag}.ctc.f32`)))).toBeLessThan(1e-3);
      });

      // int8 activations round each MatMul's input to 256 levels: the states move, by ~0.05 on these fixtures
      it('with int8 arithmetic the encoder states stay within 0.15 and the CTC log-probabilities within 1.5 of PyTorch', async () => {
        const features = await readFloat32File(path.join(REFERENCE, `${fixture.name}.features.f32`));
        const out = await integer.encodeUtterance(features, fixture.nFrames, { left: window.left, right: window.right });
        expect(out.frames).toBe(window.encodedFrames);
        expect(maxAbsDifference(out.encoded, await readFloat32File(path.join(REFERENCE, `${fixture.name}.${window.tag}.encoded.f32`)))).toBeLessThan(0.15);
        expect(maxAbsDifference(out.ctcLogProbs, await readFloat32File(path.join(REFERENCE, `${fixture.name}.${window.tag}.ctc.f32`)))).toBeLessThan(1.5);
      });

      // AT decodes jointly with CTC at the bundle's decoding.atCtcWeight; atGreedyAlone is the AT decoder by
      // itself (references written before joint decoding, like the tiny one's, have only that, as atGreedy).
      // atBeamLm adds the bundle's language model at its decoding.lmWeight, the default for beam search;
      // ctcBeamLm is CTC prefix beam search with it (ctc-beam.test.ts checks it on PyTorch's log-probabilities).
      it('CTC (greedy, and beam search with the language models), AT greedy, AT beam search (with and without them), rescoring, NAT k=0 and NAT k=2 give the reference tokens', async () => {
        const out = await run();
        const decoded = {
          ctc: await recogniser.decode(out, { decoder: 'ctc' }),
          atGreedy: await recogniser.decode(out, { decoder: 'at', beam: 1 }),
          atBeam: await recogniser.decode(out, { decoder: 'at', beam: fixture.atBeam, lmWeight: 0, wordLmWeight: 0 }),
          // the character model alone (a bundle with words.bin searches with the word model unless told not to)
          ...(window.tokens.atBeamLm ? { atBeamLm: await recogniser.decode(out, { decoder: 'at', beam: fixture.atBeam, wordLmWeight: 0 }) } : {}),
          ...(window.tokens.ctcBeamLm ? { ctcBeamLm: await recogniser.decode(out, { decoder: 'ctc', beam: fixture.ctcBeam, wordLmWeight: 0 }) } : {}),
          ...(window.tokens.atBeamWords ? { atBeamWords: await recogniser.decode(out, { decoder: 'at', beam: fixture.atBeam }) } : {}),
          ...(window.tokens.ctcBeamWords ? { ctcBeamWords: await recogniser.decode(out, { decoder: 'ctc', beam: fixture.ctcBeam }) } : {}),
          ...(window.tokens.rescoreWords ? { rescoreWords: await recogniser.decode(out, { decoder: 'rescore' }) } : {}),
          nat0: await recogniser.decode(out, { decoder: 'nat', iterations: 0 }),
          nat2: await recogniser.decode(out, { decoder: 'nat', iterations: 2 }),
          ...(window.tokens.atGreedyAlone ? { atGreedyAlone: await recogniser.decode(out, { decoder: 'at', beam: 1, ctcWeight: 0 }) } : {}),
        };
        for (const [name, result] of Object.entries(decoded)) {
          expect({ name, tokens: result.tokens }).toEqual({ name, tokens: window.tokens[name as keyof FixtureWindow['tokens']] });
          expect({ name, text: result.text }).toEqual({ name, text: window.text[name] });
        }
      });
    });
  });
});

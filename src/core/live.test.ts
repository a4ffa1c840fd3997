// Live transcription: CTC partials after each chunk; the final decode over the streamed states equals
// decoding the whole utterance with the same window.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { folderBundleReader, readFloat32File } from '../cli/folder-bundle-reader';
import { configureOnnxRuntime } from './backend';
import { ctcBeamSearch } from './ctc-beam';
import { fastFinalOptions, LiveTranscriber, type LivePartial } from './live';
import { Recogniser } from './recogniser';

// ONNX Runtime start-up (WASM compile) is slow on a loaded shared machine; the tests themselves are short.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const HERE = import.meta.dirname;
const REFERENCE = path.join(HERE, 'fixtures/tiny-reference');
const fixtures = JSON.parse(readFileSync(path.join(REFERENCE, 'fixtures.json'), 'utf8')) as { name: string; windows: { tag: string; tokens: Record<string, number[]> }[] }[];
let recogniser: Recogniser;

beforeAll(async () => {
  configureOnnxRuntime({ numThreads: 1 });
  recogniser = await Recogniser.load(folderBundleReader(path.join(HERE, 'fixtures/tiny-bundle')), { backend: 'wasm' });
});

describe.each(fixtures)('live $name, window 16/2', (fixture) => {
  const expected = fixture.windows.find((w) => w.tag === '16-2')!.tokens;

  it('gives growing CTC partials and final AT/NAT/CTC results equal to the recipe', async () => {
    const features = await readFloat32File(path.join(REFERENCE, `${fixture.name}.features.f32`));
    const nFrames = features.length / 80;
    for (const [decoder, key, options] of [
      ['at', 'atGreedy', { decoder: 'at' as const }],
      ['nat', 'nat2', { decoder: 'nat' as const, iterations: 2 }],
      ['ctc', 'ctc', { decoder: 'ctc' as const }],
    ] as const) {
      const live = new LiveTranscriber(recogniser, { left: 16, right: 2 });
      const partialFrames: number[] = [];
      for (let start = 0; start < nFrames; start += 20) {
        const partial = await live.push(features.subarray(start * 80, Math.min(nFrames, start + 20) * 80));
        partialFrames.push(partial.frames);
      }
      expect(partialFrames.every((f, i) => i === 0 || f >= partialFrames[i - 1]!)).toBe(true);
      expect(live.partial().tokens.length).toBeLessThanOrEqual(expected['ctc']!.length);
      const final = await live.finish(options);
      expect({ decoder, tokens: final.decoded.tokens }).toEqual({ decoder, tokens: expected[key] });
      expect(final.stats.encoderMs).toBeGreaterThan(0);
    }
  });

  it('with a CTC beam, each partial is the beam search over the frames so far, and the last one is the CTC beam result', async () => {
    const features = await readFloat32File(path.join(REFERENCE, `${fixture.name}.features.f32`));
    const nFrames = features.length / 80;
    const live = new LiveTranscriber(recogniser, { left: 16, right: 2 }, { beam: 8 });
    const partials: LivePartial[] = [];
    for (let start = 0; start < nFrames; start += 20) partials.push(await live.push(features.subarray(start * 80, Math.min(nFrames, start + 20) * 80)));
    const final = await live.finish({ decoder: 'ctc', beam: 8 });
    partials.push(live.partial());
    const { tokens, encoder } = { tokens: recogniser.tokens, encoder: final.encoder };
    for (const partial of partials) {
      const batch = ctcBeamSearch(encoder.ctcLogProbs, partial.frames, encoder.vocabulary, tokens.blank, tokens.sosEos, { beam: 8 });
      expect({ frames: partial.frames, tokens: partial.tokens }).toEqual({ frames: partial.frames, tokens: batch });
    }
    expect(partials.at(-1)!.frames).toBe(encoder.frames);
    expect(partials.at(-1)!.tokens).toEqual(final.decoded.tokens);
  });
});

describe('live finalise fast, refine after', () => {
  it('refine() decodes the finished utterance again: the same result as finishing with that decoder', async () => {
    const fixture = fixtures[0]!;
    const features = await readFloat32File(path.join(REFERENCE, `${fixture.name}.features.f32`));
    const run = async (finalise: (live: LiveTranscriber) => Promise<number[]>) => {
      const live = new LiveTranscriber(recogniser, { left: 16, right: 2 });
      const partial = await live.push(features);
      expect(typeof partial.speechEnded).toBe('boolean');
      return finalise(live);
    };
    const direct = await run(async (live) => (await live.finish({ decoder: 'at' })).decoded.tokens);
    const refined = await run(async (live) => {
      const fast = await live.finish(fastFinalOptions({ decoder: 'at' }, { beam: 4 })!);
      expect(fast.decoded.decoder).toBe('ctc');
      return (await live.refine({ decoder: 'at' })).decoded.tokens;
    });
    expect(refined).toEqual(direct);
    expect(fastFinalOptions({ decoder: 'nat' })).toBeUndefined();
    expect(fastFinalOptions({ decoder: 'rescore' }, { beam: 16 })).toEqual({ decoder: 'ctc', beam: 16 });
    expect(() => new LiveTranscriber(recogniser).refine({ decoder: 'ctc' })).toThrow(/finish/);
  });
});

describe('live pending text', () => {
  it('greedy partial text and pending text together are CTC greedy over every frame pushed, as if the stream ended there', async () => {
    const window = { left: 16, right: 2 };
    let withPending = 0;
    for (const fixture of fixtures) {
      const features = await readFloat32File(path.join(REFERENCE, `${fixture.name}.features.f32`));
      const nFrames = features.length / 80;
      const live = new LiveTranscriber(recogniser, window);
      for (let pushed = 0; pushed < nFrames; ) {
        const size = Math.min(25, nFrames - pushed);
        const partial = await live.push(features.subarray(pushed * 80, (pushed + size) * 80));
        pushed += size;
        const whole = await recogniser.encode(features.subarray(0, pushed * 80), pushed, window);
        expect(partial.text + partial.pending).toBe((await recogniser.decode(whole, { decoder: 'ctc' })).text);
        if (partial.pending !== '') withPending++;
      }
    }
    expect(withPending).toBeGreaterThan(0);
  });
});

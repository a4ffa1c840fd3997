// Property-based fuzzing (issue 9, item 6): the audio parsers and the contract's validation take
// thousands of hostile inputs without crashing or hanging. Each property is bounded in time (runs stop
// at the limit and the count actually run is printed), so a slow machine runs fewer, never hangs.
//
// "No crash" means: the audio front end either decodes or rejects with an AudioError (the typed error
// the user sees), never a TypeError/RangeError; the contract either accepts a value or refuses it with
// a SchemaError, and the dispatcher always answers with a CallReply.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AudioError } from '../audio/audio-error';
import type { ByteSource } from '../audio/byte-source';
import { id3TagLength, recognise } from '../audio/container-format';
import { decodeFile } from '../audio/decode-file';
import { encodeWav, type WavTestEncoding } from '../audio/fixtures/encode-wav';
import { fixture } from '../audio/fixtures/fixture-path';
import { moovFirst } from '../audio/mp4-moov-first';
import { createDispatcher, type CallHandlers } from '../main/call-dispatcher';
import { callNames, calls } from '../shared/contract';
import { SchemaError } from '../shared/schema';
import { decodeMessage, encodeMessage } from '../shared/wire';

const scratch = mkdtempSync(path.join(tmpdir(), 'fuzz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const counts: Record<string, number> = {};
afterAll(() => console.info(`fuzz: ${Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ')}; total ${Object.values(counts).reduce((a, b) => a + b, 0)}`));

/** FUZZ_SCALE=10 (for example) runs ten times as many cases, for as long as they take. */
const SCALE = Math.max(1, Number(process.env['FUZZ_SCALE'] ?? 1) || 1);
vi.setConfig({ testTimeout: 30_000 * SCALE });

/** Runs a property up to `runs` times or `seconds`, whichever comes first; counts the runs. */
async function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, check: (value: T) => void | Promise<void>, runs: number, seconds: number): Promise<void> {
  counts[name] = 0;
  runs *= SCALE;
  seconds *= SCALE;
  const property = fc.asyncProperty(arbitrary, async (value) => {
    counts[name]!++;
    await check(value);
  });
  await fc.assert(property, { numRuns: runs, interruptAfterTimeLimit: seconds * 1000, seed: 20261123 + SCALE });
  // A loaded machine runs fewer within the time limit, but never so few that the property means nothing.
  expect(counts[name]).toBeGreaterThanOrEqual(Math.min(runs, 10));
}

/** Fails (instead of hanging) when a decode takes longer than this. */
async function withinSeconds<T>(seconds: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hang: no answer in ${seconds} s`)), seconds * 1000)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

let fileNumber = 0;
/** Decodes `bytes` from a file: resolves with the sample count or with the AudioError; anything else fails. */
async function decodeBytes(bytes: Uint8Array): Promise<number | AudioError> {
  const file = path.join(scratch, `f${fileNumber++ % 8}.bin`);
  writeFileSync(file, bytes);
  try {
    const audio = await withinSeconds(10, decodeFile(file));
    expect(audio.samples.every(Number.isFinite)).toBe(true);
    return audio.samples.length;
  } catch (error) {
    if (error instanceof AudioError) {
      expect(error.message.startsWith(`${file}: `)).toBe(true);
      return error;
    }
    throw error;
  }
}

describe('audio parsers', () => {
  it('container recognition takes any bytes', async () => {
    await fuzz(
      'recognise',
      fc.oneof(
        fc.uint8Array({ maxLength: 64 }),
        fc.tuple(fc.constantFrom('RIFF', 'RF64', 'ID3', 'fLaC', 'OggS', 'FORM', '\x1aE\xdf\xa3', '\xff\xfb'), fc.uint8Array({ maxLength: 200 })).map(([magic, rest]) => {
          const out = new Uint8Array(magic.length + rest.length);
          for (let i = 0; i < magic.length; i++) out[i] = magic.charCodeAt(i);
          out.set(rest, magic.length);
          return out;
        }),
      ),
      (head) => {
        const recognition = recognise(head);
        expect(['audio', 'unsupported', 'unknown']).toContain(recognition.kind);
        expect(id3TagLength(head)).toBeGreaterThanOrEqual(0);
      },
      5000,
      3,
    );
  });

  it('the MP4 index reader takes any box layout', async () => {
    // A byte source of random top-level boxes (size, type) with random bodies; moov/mdat among them.
    const box = fc.tuple(fc.constantFrom('ftyp', 'moov', 'mdat', 'free', 'stco', 'co64', 'trak', 'xxxx'), fc.integer({ min: 0, max: 80 }), fc.uint8Array({ maxLength: 80 }), fc.constantFrom('exact', 'zero', 'huge', 'small', 'large64'));
    await fuzz(
      'mp4 boxes',
      fc.array(box, { maxLength: 8 }),
      async (boxes) => {
        const parts: number[] = [];
        for (const [type, , body, sizing] of boxes) {
          const size = sizing === 'exact' ? 8 + body.length : sizing === 'zero' ? 0 : sizing === 'huge' ? 0xfffffff0 : sizing === 'small' ? 3 : 1;
          parts.push(size >>> 24, (size >>> 16) & 255, (size >>> 8) & 255, size & 255, ...[...type].map((c) => c.charCodeAt(0)));
          if (sizing === 'large64') parts.push(0, 0, 0, 0, 0, 0, 0, 16 + body.length);
          parts.push(...body);
        }
        const bytes = Uint8Array.from(parts);
        const source: ByteSource = { path: '/fuzz.m4a', size: bytes.length, read: async (position, length) => bytes.slice(Math.max(0, position), Math.max(0, position + length)) };
        try {
          const view = await withinSeconds(5, moovFirst(source));
          expect(view.size).toBeGreaterThanOrEqual(0);
          await view.read(0, Math.min(view.size, 64));
        } catch (error) {
          if (!(error instanceof AudioError)) throw error;
        }
      },
      3000,
      3,
    );
  });

  it('WAV files with mutated headers decode or give an AudioError', async () => {
    const encodings: WavTestEncoding[] = ['pcm8', 'pcm16', 'pcm24', 'pcm32', 'float32', 'float64'];
    const wav = fc
      .record({
        encoding: fc.constantFrom(...encodings),
        channels: fc.integer({ min: 1, max: 3 }),
        // mostly 16 kHz (no resampler: the parser is what is fuzzed), sometimes resampled
        sampleRate: fc.constantFrom(16000, 16000, 16000, 8000, 44100),
        extensible: fc.boolean(),
        frames: fc.integer({ min: 0, max: 700 }),
      })
      .map(({ encoding, channels, sampleRate, extensible, frames }) =>
        encodeWav(
          Array.from({ length: channels }, (_, c) => Float32Array.from({ length: frames }, (_, i) => Math.sin((i + c) / 7) * 0.5)),
          { encoding, sampleRate, extensible },
        ),
      );
    // Mutations: overwrite bytes in the header (the first 80), truncate, or splice in junk.
    const mutation = fc.oneof(
      fc.array(fc.tuple(fc.nat({ max: 79 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }).map((edits) => (b: Uint8Array) => {
        const out = b.slice();
        for (const [at, value] of edits) if (at < out.length) out[at] = value;
        return out;
      }),
      fc.nat().map((cut) => (b: Uint8Array) => b.slice(0, cut % (b.length + 1))),
      fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 40 })).map(([at, junk]) => (b: Uint8Array) => {
        const where = at % (b.length + 1);
        const out = new Uint8Array(b.length + junk.length);
        out.set(b.subarray(0, where));
        out.set(junk, where);
        out.set(b.subarray(where), where + junk.length);
        return out;
      }),
    );
    await fuzz('wav decode', fc.tuple(wav, mutation), async ([bytes, mutate]) => void (await decodeBytes(mutate(bytes))), 1500, 6);
  });

  it('compressed files with flipped or cut bytes decode or give an AudioError', async () => {
    const files = ['speech.mp3', 'speech.flac', 'speech-vorbis.ogg', 'speech.opus', 'speech.m4a', 'speech.aac', 'speech-opus.webm'].map((name) => readFileSync(fixture(`formats/${name}`)));
    const damaged = fc.tuple(
      fc.constantFrom(...files.keys()),
      fc.integer({ min: 16, max: 6000 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
    ).map(([which, length, flips]) => {
      const out = new Uint8Array(files[which]!.subarray(0, length));
      for (const [at, value] of flips) out[at % out.length] = value;
      return out;
    });
    await fuzz('compressed decode', damaged, async (bytes) => void (await decodeBytes(bytes)), 400, 6);
  });
});

describe('the contract', () => {
  // Plain data as IPC's structured clone or the WebSocket's JSON can deliver it, typed arrays included.
  const hostile = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.anything({ withTypedArray: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withBigInt: true, withDate: true, withMap: true, withSet: true }),
      fc.dictionary(fc.constantFrom('path', 'id', 'settings', 'result', 'source', 'kind', 'bytes', 'name', '__proto__', 'constructor', 'sessionId', 'format'), tie('value'), { maxKeys: 4 }),
      fc.constantFrom<unknown>('/etc/passwd', '../x', 'C:\\x.wav', '\\\\host\\share', '/a\0b', '', NaN, -0, Infinity, 2 ** 53, new Uint8Array(3), new Float32Array(2)),
    ),
  })).value;

  it('every call’s schema accepts or refuses any value, with a SchemaError and nothing else', async () => {
    await fuzz(
      'schema parse',
      fc.tuple(fc.constantFrom(...callNames), hostile),
      ([name, value]) => {
        try {
          calls[name].input.parse(value);
        } catch (error) {
          expect(error).toBeInstanceOf(SchemaError);
        }
      },
      4000,
      4,
    );
  });

  it('the dispatcher always answers; a handler only ever sees input that passed its schema', async () => {
    const seen: unknown[] = [];
    const handlers = Object.fromEntries(callNames.map((name) => [name, (input: unknown) => (seen.push([name, input]), 'done')])) as unknown as CallHandlers;
    const dispatch = createDispatcher(handlers, () => {});
    await fuzz(
      'dispatch',
      fc.tuple(fc.oneof(fc.constantFrom(...callNames), fc.string(), fc.constantFrom('__proto__', 'toString', 'constructor', 'hasOwnProperty')), hostile),
      async ([name, value]) => {
        seen.length = 0;
        const reply = await dispatch(name, value);
        if (reply.ok) {
          expect(seen).toHaveLength(1);
          const [called, input] = seen[0] as [keyof typeof calls, unknown];
          expect(called).toBe(name);
          expect(() => calls[called].input.parse(input)).not.toThrow();
        } else {
          expect(seen).toEqual([]);
          expect(['invalid-input', 'unknown-call']).toContain(reply.error.code);
          expect(reply.error.message.length).toBeGreaterThan(0);
        }
      },
      4000,
      5,
    );
  });

  it('the WebSocket wire format takes any frame: decodes it or throws a plain Error', async () => {
    const frames = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      // a real frame with bytes flipped: the header JSON and the typed-array table get damaged
      fc.tuple(fc.jsonValue(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 })).map(([value, flips]) => {
        const frame = encodeMessage({ value, samples: new Float32Array([0.5, -1, 2]) }).slice();
        for (const [at, byte] of flips) frame[at % frame.length] = byte;
        return frame;
      }),
    );
    await fuzz(
      'wire decode',
      frames,
      (frame) => {
        try {
          decodeMessage(frame);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).name).toMatch(/^(Error|SyntaxError|RangeError)$/);
        }
      },
      4000,
      3,
    );
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFile } from './decode-file';
import { encodeWav, expectedRead, type WavTestEncoding } from './fixtures/encode-wav';
import { fixture } from './fixtures/fixture-path';
import { fixtureToneMono, maxAbsDiff } from './fixtures/signal-compare';

// sox-written tones (fixtures/make-fixtures.sh): channel c = 0.5·sin(2π(440 + 220c)t), undithered.
// After resampling to 16 kHz the result must still be that formula, up to quantisation (G.711 and
// 8-bit are coarse) and the resampler's error (~3e-7 measured); the first and last 10 ms are excluded (the filter sees silence outside).
const TONES: { file: string; rate: number; channels: number; bitDepth: number; codec: string; tolerance: number }[] = [
  { file: 'pcm8-mono-8000.wav', rate: 8000, channels: 1, bitDepth: 8, codec: 'pcm', tolerance: 8e-3 },
  { file: 'pcm16-mono-16000.wav', rate: 16000, channels: 1, bitDepth: 16, codec: 'pcm', tolerance: 5e-5 },
  { file: 'pcm16-stereo-44100.wav', rate: 44100, channels: 2, bitDepth: 16, codec: 'pcm', tolerance: 5e-5 },
  { file: 'pcm24-stereo-48000.wav', rate: 48000, channels: 2, bitDepth: 24, codec: 'pcm', tolerance: 2e-6 },
  { file: 'pcm32-mono-22050.wav', rate: 22050, channels: 1, bitDepth: 32, codec: 'pcm', tolerance: 2e-6 },
  { file: 'float32-mono-16000.wav', rate: 16000, channels: 1, bitDepth: 32, codec: 'pcm-float', tolerance: 1e-6 },
  { file: 'float32-stereo-11025.wav', rate: 11025, channels: 2, bitDepth: 32, codec: 'pcm-float', tolerance: 2e-6 },
  { file: 'float64-mono-8000.wav', rate: 8000, channels: 1, bitDepth: 64, codec: 'pcm-float', tolerance: 2e-6 },
  { file: 'pcm16-mono-96000.wav', rate: 96000, channels: 1, bitDepth: 16, codec: 'pcm', tolerance: 5e-5 },
  { file: 'mulaw-mono-8000.wav', rate: 8000, channels: 1, bitDepth: 8, codec: 'g711-mulaw', tolerance: 0.02 },
  { file: 'alaw-mono-8000.wav', rate: 8000, channels: 1, bitDepth: 8, codec: 'g711-alaw', tolerance: 0.02 },
  { file: 'pcm16-3ch-32000.wav', rate: 32000, channels: 3, bitDepth: 16, codec: 'pcm', tolerance: 5e-5 },
  { file: 'pcm16-6ch-16000.wav', rate: 16000, channels: 6, bitDepth: 16, codec: 'pcm', tolerance: 5e-5 },
  { file: 'pcm16-8ch-8000.wav', rate: 8000, channels: 8, bitDepth: 16, codec: 'pcm', tolerance: 5e-5 },
  { file: 'extensible-list-stereo-16000.wav', rate: 16000, channels: 2, bitDepth: 16, codec: 'pcm', tolerance: 5e-5 },
];

describe('WAV fixtures decode to the exact tone at 16 kHz mono', () => {
  it.each(TONES)('$file', async ({ file, rate, channels, bitDepth, codec, tolerance }) => {
    const audio = await decodeFile(fixture(`wav/${file}`));
    expect(audio.sampleRate).toBe(16000);
    expect(audio.source).toEqual({ container: 'wav', codec, sampleRate: rate, channels, bitDepth });
    expect(audio.warnings).toEqual([]);
    const expected = fixtureToneMono(channels, 16000, audio.samples.length);
    const edge = 160;
    expect(maxAbsDiff(audio.samples, expected, edge, audio.samples.length - edge)).toBeLessThan(tolerance);
    expect(audio.durationS).toBeCloseTo(audio.samples.length / 16000, 12);
  });

  it('gives exactly round(frames · 16000 / rate) samples', async () => {
    // 0.25 s at 44.1 kHz = 11025 frames → 4000 samples; 0.2 s at 32 kHz = 6400 → 3200.
    expect((await decodeFile(fixture('wav/pcm16-stereo-44100.wav'))).samples.length).toBe(4000);
    expect((await decodeFile(fixture('wav/pcm16-3ch-32000.wav'))).samples.length).toBe(3200);
    expect((await decodeFile(fixture('wav/pcm16-mono-96000.wav'))).samples.length).toBe(1600);
  });
});

describe('WAV reader against a reference writer', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wav-decoding-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let counter = 0;
  const write = (bytes: Uint8Array) => {
    const file = path.join(dir, `case-${counter++}.wav`);
    writeFileSync(file, bytes);
    return file;
  };

  const encodings: WavTestEncoding[] = ['pcm8', 'pcm16', 'pcm24', 'pcm32', 'float32', 'float64'];

  it('reads every encoding, 1–8 channels, plain or extensible, as the mean of the stored values', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...encodings),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        fc.integer({ min: 512, max: 3000 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        async (encoding, channels, extensible, frames, seed) => {
          let state = seed;
          const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32) * 1.8 - 0.9;
          const data = Array.from({ length: channels }, () => Array.from({ length: frames }, next));
          // 16 kHz: no resampling, so the result is exactly the channel mean in float32 arithmetic.
          const audio = await decodeFile(write(encodeWav(data, { sampleRate: 16000, encoding, extensible })));
          const expected = new Float32Array(frames);
          for (let i = 0; i < frames; i++) {
            if (channels === 1) {
              expected[i] = expectedRead(data[0]![i]!, encoding);
              continue;
            }
            let sum = 0;
            for (let c = 0; c < channels; c++) sum = Math.fround(sum + expectedRead(data[c]![i]!, encoding));
            expected[i] = Math.fround(sum * Math.fround(1 / channels));
          }
          expect(audio.samples.length).toBe(frames);
          expect(maxAbsDiff(audio.samples, expected)).toBeLessThanOrEqual(1e-6);
          expect(audio.source.channels).toBe(channels);
        },
      ),
      { numRuns: 40 },
    );
  });

  const tone = () => [Array.from({ length: 1600 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16000))];

  it('skips unknown chunks, including odd-sized ones with their pad byte', async () => {
    const extraChunks = [
      { id: 'LIST', body: new Uint8Array(5).fill(7) },
      { id: 'bext', body: new Uint8Array(602) },
    ];
    const audio = await decodeFile(write(encodeWav(tone(), { sampleRate: 16000, encoding: 'pcm16', extraChunks })));
    expect(audio.samples.length).toBe(1600);
    expect(maxAbsDiff(audio.samples, fixtureToneMono(1, 16000, 1600))).toBeLessThan(1e-4);
  });

  it('reads RF64 files (size in the ds64 chunk)', async () => {
    const audio = await decodeFile(write(encodeWav(tone(), { sampleRate: 16000, encoding: 'pcm16', rf64: true })));
    expect(audio.samples.length).toBe(1600);
  });

  it('reads to the end of the file when a streaming writer left the data size at 0 or 0xFFFFFFFF', async () => {
    for (const declaredDataBytes of [0, 0xffffffff]) {
      const audio = await decodeFile(write(encodeWav(tone(), { sampleRate: 16000, encoding: 'pcm16', declaredDataBytes })));
      expect(audio.samples.length).toBe(1600);
      expect(audio.warnings).toEqual([]);
    }
  });

  it('drops a trailing partial frame', async () => {
    const bytes = encodeWav([tone()[0]!, tone()[0]!], { sampleRate: 16000, encoding: 'pcm24' });
    const audio = await decodeFile(write(bytes.subarray(0, bytes.length - 4))); // cut inside the last frame
    expect(audio.samples.length).toBe(1599);
    expect(audio.warnings.map((w) => w.code)).toEqual(['truncated']);
  });
});

import { describe, expect, it } from 'vitest';
import { AudioError } from './audio-error';
import type { AudioSource, AudioSourceEndReason } from './audio-source';
import { decodeFile } from './decode-file';
import { createFileSource } from './file-source';
import { fixture } from './fixtures/fixture-path';
import type { SignalLevel } from './signal-level';

interface Recording {
  chunks: { samples: Float32Array; startSample: number; at: number }[];
  levels: SignalLevel[];
  errors: AudioError[];
  ends: AudioSourceEndReason[];
  ended: Promise<void>;
}

function record(source: AudioSource): Recording {
  const recording: Recording = { chunks: [], levels: [], errors: [], ends: [], ended: undefined as unknown as Promise<void> };
  recording.ended = new Promise((resolve) => {
    source.on('end', ({ reason }) => {
      recording.ends.push(reason);
      resolve();
    });
  });
  source.on('chunk', (samples, startSample) => recording.chunks.push({ samples, startSample, at: performance.now() }));
  source.on('level', (level) => recording.levels.push(level));
  source.on('error', (error) => recording.errors.push(error));
  return recording;
}

function joined(recording: Recording): Float32Array {
  const out = new Float32Array(recording.chunks.reduce((n, c) => n + c.samples.length, 0));
  for (const chunk of recording.chunks) out.set(chunk.samples, chunk.startSample);
  return out;
}

function expectContiguous(recording: Recording): void {
  let next = 0;
  for (const chunk of recording.chunks) {
    expect(chunk.startSample).toBe(next);
    next += chunk.samples.length;
  }
}

describe('file source, as fast as possible', () => {
  it.each(['formats/reference-16000.wav', 'formats/speech.m4a', 'wav/pcm24-stereo-48000.wav'])('delivers exactly what decodeFile gives: %s', async (file) => {
    const source = createFileSource(fixture(file), { realtime: false, chunkMs: 20 });
    const recording = record(source);
    await source.start();
    await recording.ended;
    expect(recording.ends).toEqual(['eof']);
    expectContiguous(recording);
    expect(recording.chunks.slice(0, -1).every((c) => c.samples.length === 320)).toBe(true);
    expect(joined(recording)).toEqual((await decodeFile(fixture(file))).samples);
    expect(recording.levels.length).toBe(recording.chunks.length);
    expect(source.samplesEmitted).toBe(joined(recording).length);
  });

  it('rejects start() with a typed error and emits nothing for a bad file', async () => {
    const source = createFileSource(fixture('bad/random-bytes.wav'), { realtime: true });
    const recording = record(source);
    const error = await source.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AudioError);
    expect((error as AudioError).code).toBe('not-audio');
    await source.stop();
    expect(recording.chunks.length + recording.errors.length + recording.ends.length).toBe(0);
  });

  it('reports a failure found while playing as an error event, then ends', async () => {
    const source = createFileSource(fixture('bad/nan.wav'), { realtime: false });
    const recording = record(source);
    await source.start();
    await recording.ended;
    expect(recording.errors.map((e) => e.code)).toEqual(['invalid-samples']);
    expect(recording.ends).toEqual(['error']);
  });
});

describe('file source in real time', () => {
  it('delivers 3 s of audio in no less than 3 s (- 5 %), each chunk no sooner than its time', async () => {
    const file = fixture('golden/utterance.wav'); // 3.09 s
    const total = (await decodeFile(file)).samples.length;
    const source = createFileSource(file, { realtime: true, chunkMs: 100 });
    const recording = record(source);
    const started = performance.now();
    await source.start();
    const t0 = performance.now();
    await recording.ended;
    const elapsed = (performance.now() - t0) / 1000;
    const duration = total / 16000;
    console.info(`file source: ${duration.toFixed(3)} s of audio in ${elapsed.toFixed(3)} s (start took ${(t0 - started).toFixed(0)} ms)`);
    // Paced, never faster than real time. No upper bound: a loaded machine delays timers, which says nothing
    // about the source (CI and other machines may be slower).
    expect(elapsed).toBeGreaterThan(duration * 0.95);
    expect(joined(recording).length).toBe(total);
    // No chunk early: chunk ending at sample s arrives no sooner than s/16000 s after start.
    for (const chunk of recording.chunks) {
      const due = ((chunk.startSample + chunk.samples.length) / 16000) * 1000;
      expect(chunk.at - t0).toBeGreaterThanOrEqual(due - 5);
    }
  }, 10_000);

  it('on stop, emits everything captured so far, then ends', async () => {
    const file = fixture('golden/utterance.wav');
    const source = createFileSource(file, { realtime: true, chunkMs: 100 });
    const recording = record(source);
    await source.start();
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 450));
    await source.stop();
    const elapsedSamples = ((performance.now() - t0) / 1000) * 16000;
    expect(recording.ends).toEqual(['stopped']);
    expectContiguous(recording);
    const emitted = joined(recording);
    // Up to the moment of stopping, not just the 4 whole chunks before it.
    expect(emitted.length).toBeGreaterThan(6400);
    expect(emitted.length).toBeLessThanOrEqual(elapsedSamples + 1);
    expect(emitted).toEqual((await decodeFile(file)).samples.subarray(0, emitted.length));
    await source.stop(); // idempotent
    expect(recording.ends).toEqual(['stopped']);
  });
});

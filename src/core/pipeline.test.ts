// transcribe(): long audio is cut at pauses, each segment decoded on its own, timestamps offset into
// the whole file, statistics summed. Features come from the recipe's fixture (tiled to the segment's
// length), not from audio: the front end is tested with the CLI.
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { folderBundleReader, readFloat32File } from '../cli/folder-bundle-reader';
import { configureOnnxRuntime } from './backend';
import { captions } from './captions';
import { extractFeatures, StreamingFeatureExtractor } from '../audio';
import { transcribe, transcribeStream, type AudioBlock, type FeatureExtractor } from './pipeline';
import { Recogniser } from './recogniser';

// ONNX Runtime start-up (WASM compile) is slow on a loaded shared machine; the tests themselves are short.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const HERE = import.meta.dirname;
const RATE = 16000;
let recogniser: Recogniser;
let fixture: Float32Array;

beforeAll(async () => {
  configureOnnxRuntime({ numThreads: 1 });
  recogniser = await Recogniser.load(folderBundleReader(path.join(HERE, 'fixtures/tiny-bundle')), { backend: 'wasm' });
  fixture = await readFloat32File(path.join(HERE, 'fixtures/tiny-reference/espeak-1.features.f32'));
});

/** The fixture's frames, repeated to as many frames as the samples give. */
const fixtureFeatures: FeatureExtractor = (samples) => {
  const nFrames = samples.length < 512 ? 0 : Math.floor((samples.length - 512) / 160) + 1;
  const frames = new Float32Array(nFrames * 80);
  for (let i = 0; i < frames.length; i++) frames[i] = fixture[i % fixture.length]!;
  return { frames, nFrames };
};

/** 3 s bursts of tone with 0.5 s pauses, and 10 s of silence in the middle. */
function longAudio(seconds: number): Float32Array {
  const samples = new Float32Array(seconds * RATE);
  for (let i = 0; i < samples.length; i++) {
    const t = i / RATE;
    const inBurst = t % 3.5 < 3 && !(t > 20 && t < 30);
    samples[i] = inBurst ? 0.3 * Math.sin(i / 5) : 0;
  }
  return samples;
}

describe('transcribe', () => {
  it('decodes short audio as one segment with word times and statistics', async () => {
    const samples = longAudio(3);
    const transcript = await transcribe(recogniser, samples, { decoder: 'ctc', extractFeatures: fixtureFeatures });
    expect(transcript.segments).toHaveLength(1);
    expect(transcript.stats).toMatchObject({ decoder: 'ctc', backend: 'wasm', audioS: 3, segments: 1, decoderSteps: 0 });
    expect(transcript.stats.encoderMs).toBeGreaterThan(0);
    expect(transcript.stats.rtf).toBeGreaterThan(0);
    expect(transcript.text).toBe(transcript.segments[0]!.text);
  });

  it('cuts long audio into bounded segments, skips silence, and keeps timestamps in file time', async () => {
    const samples = longAudio(50);
    const seen: number[] = [];
    const transcript = await transcribe(recogniser, samples, {
      decoder: 'at',
      beam: 1,
      extractFeatures: fixtureFeatures,
      segmentation: { maxSegmentS: 8, minSegmentS: 4 },
      onSegment: (recognition) => seen.push(recognition.decoded.attention.rows),
    });
    expect(transcript.segments.length).toBeGreaterThanOrEqual(5);
    expect(seen).toHaveLength(transcript.segments.length);
    for (const s of transcript.segments) {
      expect(s.end - s.start).toBeLessThanOrEqual(8.01);
      expect(s.start >= 20.5 && s.end <= 29.5).toBe(false); // the silent stretch is never decoded on its own
      for (const w of s.words) {
        expect(w.start).toBeGreaterThanOrEqual(s.start - 1e-9);
        expect(w.end).toBeLessThanOrEqual(s.end + 1e-9);
      }
      expect(Object.keys(s)).not.toContain('attention'); // memory: attention is not kept per segment
    }
    expect(transcript.stats.segments).toBe(transcript.segments.length);
    expect(transcript.stats.audioS).toBe(50);
    expect(transcript.stats.decoderSteps).toBeGreaterThan(transcript.segments.length);
    expect(transcript.words.length).toBe(transcript.segments.reduce((n, s) => n + s.words.length, 0));
    const srt = captions(transcript.segments, 'srt');
    if (transcript.words.length > 0) expect(srt).toMatch(/^1\n\d\d:\d\d:\d\d,\d\d\d --> /);
  });

  it('decodes with NAT mask-predict and reports passes', async () => {
    const transcript = await transcribe(recogniser, longAudio(4), { decoder: 'nat', iterations: 2, extractFeatures: fixtureFeatures });
    expect(transcript.stats.decoder).toBe('nat');
    expect(transcript.stats.decoderSteps).toBeGreaterThanOrEqual(1);
    expect(transcript.stats.decoderSteps).toBeLessThanOrEqual(3);
  });

  it('gives the same transcript from blocks of samples with their frames as from samples (the app’s path and the CLI’s)', async () => {
    const samples = longAudio(50);
    const options = { decoder: 'ctc' as const, segmentation: { maxSegmentS: 8, minSegmentS: 4 } };
    const fromSamples = await transcribe(recogniser, samples, { ...options, extractFeatures });
    // Blocks of uneven sizes, as the main process or a decoder hands them out, with the frames each completes.
    const features = new StreamingFeatureExtractor();
    const blocks: AudioBlock[] = [];
    for (let at = 0, size = 7_777; at < samples.length; at += size, size = size * 3 + 1_001) {
      const piece = samples.subarray(at, Math.min(samples.length, at + size));
      blocks.push({ samples: piece, ...features.push(piece), featureMs: 1 });
    }
    const fromBlocks = await transcribeStream(recogniser, blocks, options);
    const timed = (t: typeof fromSamples) => t.segments.map((s) => ({ start: s.start, end: s.end, tokens: s.tokens, words: s.words }));
    expect(fromBlocks.segments.length).toBeGreaterThanOrEqual(5);
    expect(timed(fromBlocks)).toEqual(timed(fromSamples));
    expect(fromBlocks.stats.featureMs).toBe(blocks.length); // the blocks' own feature time
    // It says what ran: the bundle's full context and CTC's defaults.
    const unlimited = recogniser.config.architecture.trainedWindows.unlimited;
    expect(fromBlocks.ran).toEqual(fromSamples.ran);
    expect(fromBlocks.ran).toMatchObject({ decoder: 'ctc', beam: 1, iterations: 0, window: { left: unlimited, right: unlimited } });
  });
});

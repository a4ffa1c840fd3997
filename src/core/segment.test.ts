import { describe, expect, it } from 'vitest';
import { logMelLevelsDb, PauseSegmenter, segmentAtPauses, SpeechEndpointer } from './segment';

const RATE = 16000;

/** Tone bursts of `speech` seconds separated by `pause` seconds of near silence, `total` seconds long. */
function bursts(total: number, speech: number, pause: number, seed = 1): { samples: Float32Array; pauses: [number, number][] } {
  const samples = new Float32Array(Math.round(total * RATE));
  const pauses: [number, number][] = [];
  let random = seed;
  const noise = () => ((random = (random * 16807) % 2147483647) / 2147483647 - 0.5) * 1e-4;
  for (let t = 0; t < total; t += speech + pause) {
    const from = Math.round(t * RATE);
    const to = Math.min(samples.length, Math.round((t + speech) * RATE));
    for (let i = from; i < to; i++) samples[i] = 0.3 * Math.sin((2 * Math.PI * 220 * i) / RATE);
    const pauseEnd = Math.min(samples.length, Math.round((t + speech + pause) * RATE));
    for (let i = to; i < pauseEnd; i++) samples[i] = noise();
    if (pauseEnd > to) pauses.push([to / RATE, pauseEnd / RATE]);
  }
  return { samples, pauses };
}

describe('segmentAtPauses', () => {
  it('leaves short audio whole', () => {
    const { samples } = bursts(12, 3, 0.5);
    expect(segmentAtPauses(samples, RATE)).toEqual([{ start: 0, end: samples.length, silent: false }]);
  });

  it('cuts long audio into bounded segments at pauses, covering every sample once', () => {
    const { samples, pauses } = bursts(95, 4.3, 0.6);
    const segments = segmentAtPauses(samples, RATE, { maxSegmentS: 20 });
    expect(segments.length).toBeGreaterThanOrEqual(5);
    expect(segments[0]!.start).toBe(0);
    expect(segments[segments.length - 1]!.end).toBe(samples.length);
    segments.forEach((s, i) => {
      expect((s.end - s.start) / RATE).toBeLessThanOrEqual(20.01);
      if (i > 0) {
        expect(s.start).toBe(segments[i - 1]!.end);
        const cut = s.start / RATE;
        expect(pauses.some(([a, b]) => cut >= a && cut <= b)).toBe(true);
      }
    });
  });

  it('cuts even without pauses, and marks silent segments', () => {
    const tone = Float32Array.from({ length: 45 * RATE }, (_, i) => (i < 25 * RATE ? 0.2 * Math.sin(i / 7) : 0));
    const segments = segmentAtPauses(tone, RATE, { maxSegmentS: 20 });
    expect(segments.every((s) => s.end - s.start <= 20 * RATE)).toBe(true);
    expect(segments[0]!.silent).toBe(false);
    expect(segments[segments.length - 1]!.silent).toBe(true);
  });
});

describe('PauseSegmenter', () => {
  it('cuts a stream of chunks exactly as segmentAtPauses cuts the whole, holding about one segment', () => {
    const { samples } = bursts(130, 3.7, 0.45, 7);
    for (let i = 40 * RATE; i < 41 * RATE; i++) samples[i] = 0; // digital silence: many equal energies
    const options = { maxSegmentS: 15, minSegmentS: 5 };
    const whole = segmentAtPauses(samples, RATE, options);
    for (const chunk of [1600, 16000, 77777]) {
      const segmenter = new PauseSegmenter(RATE, options);
      const streamed = [];
      for (let at = 0; at < samples.length; at += chunk) {
        streamed.push(...segmenter.push(samples.subarray(at, at + chunk)));
        expect(segmenter.samplesSeen - (streamed[streamed.length - 1]?.end ?? 0)).toBeLessThanOrEqual(16 * RATE + chunk);
      }
      streamed.push(...segmenter.finish());
      expect(streamed.map(({ start, end, silent }) => ({ start, end, silent }))).toEqual(whole);
      for (const s of streamed) {
        expect(s.samples.length).toBe(s.end - s.start);
        expect(s.samples.every((x, i) => x === samples[s.start + i])).toBe(true);
      }
    }
  });
});

describe('SpeechEndpointer', () => {
  const loud = (n: number) => new Array<number>(n).fill(30);
  const quiet = (n: number) => new Array<number>(n).fill(0);
  const blanks = (n: number) => new Array<boolean>(n).fill(true);

  it('ends only when CTC has been blank and the audio quiet for the pause, after a character', () => {
    const e = new SpeechEndpointer(0.01, 0.04, { pauseS: 0.2, quietDb: 20 });
    e.pushLevels(quiet(50));
    e.pushCtc(blanks(12));
    expect(e.ended).toBe(false); // quiet and blank, but nothing said yet
    e.pushLevels(loud(40));
    e.pushCtc([false, false, true, false]);
    e.pushLevels(quiet(25));
    e.pushCtc(blanks(4));
    expect(e.ended).toBe(false); // blank for 0.16 s only
    e.pushCtc(blanks(1));
    expect(e.ended).toBe(true);
  });

  it('waits for the audio to be quiet as well as for CTC to be blank (a long vowel)', () => {
    const e = new SpeechEndpointer(0.01, 0.04, { pauseS: 0.2 });
    e.pushLevels(loud(100));
    e.pushCtc([false, ...blanks(20)]);
    expect(e.ended).toBe(false);
    e.pushLevels(quiet(19));
    expect(e.ended).toBe(false);
    e.pushLevels(quiet(1));
    expect(e.ended).toBe(true);
  });

  it('counts the provisional frames, each call replacing the last, and cuts at the longest utterance', () => {
    const e = new SpeechEndpointer(0.01, 0.04, { pauseS: 0.2, maxSegmentS: 3 });
    e.pushLevels([...loud(50), ...quiet(50)]);
    e.pushCtc([false, true, true]);
    e.setProvisionalCtc(blanks(2));
    expect(e.blankS).toBeCloseTo(0.16);
    expect(e.ended).toBe(false);
    e.setProvisionalCtc(blanks(3));
    expect(e.ended).toBe(true);
    e.setProvisionalCtc([true, false]);
    expect(e.blankS).toBe(0);
    expect(e.ended).toBe(false);
    e.pushLevels(loud(200));
    expect(e.ended).toBe(true); // 3 s of audio
  });

  it('reports the pause so far as the shorter of the blank run and the quiet run, and ends when it reaches pauseS', () => {
    const e = new SpeechEndpointer(0.01, 0.04, { pauseS: 0.12 });
    e.pushLevels(loud(50));
    e.pushCtc([false]);
    expect(e.pauseSoFarS).toBe(0);
    e.pushCtc(blanks(4)); // blank 0.16 s, but not quiet yet
    expect(e.pauseSoFarS).toBe(0);
    e.pushLevels(quiet(8));
    expect(e.pauseSoFarS).toBeCloseTo(0.08);
    expect(e.ended).toBe(false);
    e.pushLevels(quiet(4));
    expect(e.pauseSoFarS).toBeCloseTo(0.12);
    expect(e.ended).toBe(true);
  });

  it('reads levels from log-mel features: louder audio, higher level', () => {
    const nMels = 4;
    const frames = Float32Array.from([0, 0, 0, 0, 0.01, 0.01, 0.01, 0.01, 1, 1, 1, 1]);
    const levels = logMelLevelsDb(frames, nMels);
    expect(levels[1]!).toBeCloseTo(10 * Math.log10(4 * Math.expm1(0.01)), 4);
    expect(levels[0]!).toBeLessThan(levels[1]!);
    expect(levels[1]!).toBeLessThan(levels[2]!);
  });
});

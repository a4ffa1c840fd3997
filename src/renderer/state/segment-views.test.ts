// Within one item only the most recently made or shown segment views keep their attention; a dropped one is made
// again when shown (the model session decodes the segment again), put back, and the others bounded again; the run's
// segments (words, timestamps) never change.
import { describe, expect, it } from 'vitest';
import type { TokenAttention } from '../../core/decoding';
import type { DroppedView, HeldView, RunOutput, SegmentView } from '../engine/transcription';
import { FAST_SETTINGS, workbenchStore } from '../../testing/state-fixture';
import { Items } from './items';
import { boundViews, dropped, heldViewBytes, isHeld, nextUse, VIEWS_PER_ITEM } from './segment-views';
import type { ItemAudio } from './types';
import { ViewRecompute } from './view-recompute';

function view(offsetS: number, frames = 50): SegmentView {
  const attention: TokenAttention = { source: 'cross-attention', layers: 2, heads: 4, rows: 10, frames, data: new Float32Array(2 * 4 * 10 * frames).fill(offsetS) };
  return { offsetS, endS: offsetS + 5, tokens: ['a'], tokenTimes: [], attention, selfAttention: new Float32Array(frames * frames), encoderFrames: frames, encoderFrameS: 0.04, window: { left: 8, right: 0 }, usedAt: nextUse() };
}

describe('boundViews', () => {
  it('keeps the attention of the most recently used views only, for any number of segments', () => {
    for (const segments of [3, 20, 400]) {
      let views: HeldView[] = [];
      for (let i = 0; i < segments; i++) views = boundViews([...views, view(i * 5)]);
      expect(views).toHaveLength(segments);
      const held = views.filter(isHeld);
      expect(held.length).toBe(Math.min(segments, VIEWS_PER_ITEM));
      // the last recognised ones, and every dropped one keeps its span
      expect(held.map((v) => v.offsetS)).toEqual(views.slice(-held.length).map((v) => v.offsetS));
      expect(views.every((v, i) => v.offsetS === i * 5 && v.endS === i * 5 + 5)).toBe(true);
      expect(heldViewBytes(views)).toBeLessThanOrEqual(VIEWS_PER_ITEM * heldViewBytes([view(0)]));
    }
  });

  it('keeps a view shown again over older ones', () => {
    let views: HeldView[] = Array.from({ length: VIEWS_PER_ITEM }, (_, i) => view(i));
    (views[0] as SegmentView).usedAt = nextUse();
    views = boundViews([...views, view(99)]);
    expect(isHeld(views[0])).toBe(true);
    expect(isHeld(views[1])).toBe(false);
  });
});

describe('ViewRecompute', () => {
  it('recomputes a dropped view when shown, says so meanwhile, and bounds the others again', async () => {
    const store = workbenchStore(FAST_SETTINGS);
    const items = new Items(store);
    const views: HeldView[] = [dropped(view(0)), ...Array.from({ length: VIEWS_PER_ITEM }, (_, i) => view(5 + 5 * i))];
    const segments = views.map((v) => ({ start: v.offsetS, end: v.endS, text: 'a', words: [] }));
    const run: RunOutput = { decoder: 'at', text: 'a', segments, stats: {} as never, views };
    const audio = {} as ItemAudio;
    items.add([{ id: 'i', name: 'i', source: '/i.wav', kind: 'file', status: 'done', progress: 1, audio, run }]);
    const asked: DroppedView[] = [];
    let finish: (made: SegmentView) => void = () => undefined;
    const recompute = new ViewRecompute(items, {
      recomputeView: (a, v, decoder) => {
        expect(a).toBe(audio);
        expect(decoder).toBe('at');
        asked.push(v);
        return new Promise((resolve) => (finish = resolve));
      },
    });
    recompute.show('i', 'run', 0);
    recompute.show('i', 'run', 0);
    expect(asked).toEqual([{ dropped: true, offsetS: 0, endS: 5 }]);
    expect(items.get('i')!.run!.views[0]).toMatchObject({ dropped: true, recomputing: true });
    finish(view(0));
    await Promise.resolve();
    const after = items.get('i')!.run!;
    expect(isHeld(after.views[0])).toBe(true);
    expect(after.views.filter(isHeld)).toHaveLength(VIEWS_PER_ITEM);
    // the oldest of the others made room; the segments are the same objects
    expect(isHeld(after.views[1])).toBe(false);
    expect(after.segments).toBe(segments);
  });

  it('says why when the segment cannot be decoded again', async () => {
    const store = workbenchStore(FAST_SETTINGS);
    const items = new Items(store);
    const run: RunOutput = { decoder: 'ctc', text: '', segments: [], stats: {} as never, views: [dropped(view(0))] };
    items.add([{ id: 'i', name: 'i', source: '/i.wav', kind: 'file', status: 'done', progress: 1, audio: {} as ItemAudio, run }]);
    new ViewRecompute(items, { recomputeView: async () => Promise.reject(new Error('/i.wav: file not found')) }).show('i', 'run', 0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(items.get('i')!.run!.views[0]).toMatchObject({ dropped: true, problem: '/i.wav: file not found' });
  });
});

import { describe, expect, it } from 'vitest';
import { FrameStore } from './frame-store';

const frames = (first: number, n: number, nMels = 2) => Float32Array.from({ length: n * nMels }, (_, i) => first + Math.floor(i / nMels));

describe('FrameStore', () => {
  it('hands out frames by their index in the stream, across appends and drops', () => {
    const store = new FrameStore(2);
    store.append(frames(0, 5), 5);
    store.append(frames(5, 100), 100);
    expect(store.end).toBe(105);
    expect(store.take(3, 4)).toEqual(frames(3, 4));
    store.dropBefore(50);
    expect(store.held).toBe(55);
    expect(store.take(50, 55)).toEqual(frames(50, 55));
    store.append(frames(105, 3), 3);
    expect(store.view(104, 4)).toEqual(frames(104, 4));
  });

  it('refuses frames it no longer holds or has not received', () => {
    const store = new FrameStore(2);
    store.append(frames(0, 10), 10);
    store.dropBefore(4);
    expect(() => store.take(3, 2)).toThrow(/not held/);
    expect(() => store.take(8, 3)).toThrow(/not held/);
    store.dropBefore(2); // already gone: nothing changes
    expect(store.take(4, 6)).toEqual(frames(4, 6));
  });
});

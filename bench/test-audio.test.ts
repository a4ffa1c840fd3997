import { describe, expect, it } from 'vitest';
import { speechExtent } from './test-audio';

describe('speechExtent', () => {
  it('finds the first and last 10 ms frame above -40 dBFS', () => {
    const samples = new Float32Array(16000); // 1 s
    for (let i = 4000; i < 12000; i++) samples[i] = 0.1 * Math.sin(i / 5); // 0.25 s .. 0.75 s, about -23 dBFS
    for (let i = 0; i < 4000; i++) samples[i] = 0.001 * Math.sin(i); // noise at -63 dBFS
    expect(speechExtent(samples)).toEqual({ first: 0.25, last: 0.75 });
  });
  it('treats all-silent audio as speech from start to end', () => {
    expect(speechExtent(new Float32Array(8000))).toEqual({ first: 0, last: 0.5 });
  });
});

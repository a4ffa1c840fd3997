import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TranscriptionResult } from '../shared/contract';
import { PendingBatch } from './pending-batch';
import { ResultsStore } from './results-store';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'pending-batch-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const stored = (source: string, createdAt: string): TranscriptionResult => ({
  id: `r-${path.basename(source, '.wav')}`,
  source,
  name: path.basename(source),
  createdAt,
  model: 'default',
  durationS: 1,
  options: { beam: 1, iterations: 0 },
  text: 'x',
  segments: [],
  stats: { decoder: 'ctc', backend: 'wasm', audioS: 1, featureMs: 0, encoderMs: 0, decoderMs: 0, decoderSteps: 0, tokens: 0, tokensPerSecond: 0, rtf: 0, segments: 0 },
});

describe('PendingBatch', () => {
  it('keeps the unfinished files across a restart; an empty list clears them', async () => {
    const files = [
      { path: '/audio/a.wav', queuedAt: '2026-11-23T22:00:00.000Z' },
      { path: '/audio/b.wav', queuedAt: '2026-11-23T22:00:00.000Z' },
    ];
    const results = new ResultsStore(path.join(folder, 'results'));
    await new PendingBatch(folder, results).save(files);
    expect(await new PendingBatch(folder, results).list()).toEqual(files);
    await new PendingBatch(folder, results).save([]);
    expect(await new PendingBatch(folder, results).list()).toEqual([]);
    expect(await readdir(folder)).toEqual(['pending-batch.json']);
  });

  it('leaves out a file whose result was stored after it was queued (a kill between the two writes), not one with an older result', async () => {
    const results = new ResultsStore(path.join(folder, 'results'));
    await results.save(stored('/audio/a.wav', '2026-11-23T22:00:05.000Z'));
    await results.save(stored('/audio/b.wav', '2026-11-23T21:00:00.000Z'));
    const pending = new PendingBatch(folder, results);
    await pending.save([
      { path: '/audio/a.wav', queuedAt: '2026-11-23T22:00:00.000Z' },
      { path: '/audio/b.wav', queuedAt: '2026-11-23T22:00:00.000Z' },
    ]);
    expect(await pending.list()).toEqual([{ path: '/audio/b.wav', queuedAt: '2026-11-23T22:00:00.000Z' }]);
  });

  it('an unreadable list is an empty one, said on the console; a missing one silently', async () => {
    const results = new ResultsStore(path.join(folder, 'results'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await new PendingBatch(folder, results).list()).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
    await writeFile(path.join(folder, 'pending-batch.json'), '{"files": [{"path": "/a.wav", "queuedAt"');
    expect(await new PendingBatch(folder, results).list()).toEqual([]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('pending batch: ignoring'));
    warn.mockRestore();
  });
});

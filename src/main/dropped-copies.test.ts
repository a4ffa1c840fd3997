import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DroppedCopies } from './dropped-copies';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'dropped-copies-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const age = (file: string) => utimes(path.dirname(file), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

describe('DroppedCopies', () => {
  it('keeps each drop as its own file under the original name, even when names repeat', async () => {
    const copies = new DroppedCopies(path.join(folder, 'dropped'));
    const a = await copies.keep('take.wav', new Uint8Array([1, 2, 3]));
    const b = await copies.keep('take.wav', new Uint8Array([4]));
    expect(path.basename(a)).toBe('take.wav');
    expect(a).not.toBe(b);
    expect([...(await readFile(a))]).toEqual([1, 2, 3]);
    expect([...(await readFile(b))]).toEqual([4]);
    expect(path.basename(await copies.keep('../../escape.wav', new Uint8Array([5])))).toBe('escape.wav');
  });

  it('sweeps the copies of earlier starts that no unfinished batch names, and nothing newer', async () => {
    const earlier = new DroppedCopies(path.join(folder, 'dropped'));
    const pendingCopy = await earlier.keep('pending.wav', new Uint8Array([1]));
    const finishedCopy = await earlier.keep('finished.wav', new Uint8Array([2]));
    await Promise.all([age(pendingCopy), age(finishedCopy)]);
    const now = new DroppedCopies(path.join(folder, 'dropped'));
    const fresh = await now.keep('just-dropped.wav', new Uint8Array([3]));
    const removed = await now.sweep([pendingCopy]);
    expect(removed).toEqual([path.dirname(finishedCopy)]);
    expect([existsSync(pendingCopy), existsSync(finishedCopy), existsSync(fresh)]).toEqual([true, false, true]);
    expect(await new DroppedCopies(path.join(folder, 'none')).sweep([])).toEqual([]);
  });
});

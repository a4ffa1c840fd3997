import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtomicFile, sweepTemporaries, writeFileAtomically } from './atomic-file';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'atomic-file-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A process id that no longer runs: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('writeFileAtomically', () => {
  it('replaces the file whole and leaves no temporary', async () => {
    const file = path.join(folder, 'sub', 'a.json');
    await writeFileAtomically(file, 'one', 'A');
    await writeFileAtomically(file, 'two', 'A');
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(path.join(folder, 'sub'))).toEqual(['a.json']);
  });

  it('a folder in the way of the file: storage-unwritable, nothing left behind', async () => {
    const file = path.join(folder, 'a.json');
    await writeFile(path.join(folder, 'keep.txt'), 'x');
    await import('node:fs/promises').then((fs) => fs.mkdir(file));
    await expect(writeFileAtomically(file, 'one', 'The thing could not be saved')).rejects.toMatchObject({
      code: 'storage-unwritable',
      message: `The thing could not be saved: ${folder} cannot be written (a folder is in the way of the file). Nothing was written.`,
    });
    expect((await readdir(folder)).sort()).toEqual(['a.json', 'keep.txt']);
  });
});

describe('AtomicFile', () => {
  it('writes one at a time: the last write called is the one that stays', async () => {
    const file = new AtomicFile(path.join(folder, 'list.json'), 'The list could not be saved');
    await Promise.all(Array.from({ length: 20 }, (_, i) => file.write(String(i))));
    expect(await readFile(file.file, 'utf8')).toBe('19');
    expect(await readdir(folder)).toEqual(['list.json']);
  });
});

describe('sweepTemporaries', () => {
  it("removes temporaries of writers that are gone, keeps this process's and every other file", async () => {
    const dead = deadPid();
    const names = [`r1.json.${dead}.3.tmp`, `settings.json.${dead}.1.tmp`, `r2.json.${process.pid}.1.tmp`, 'r1.json', 'notes.tmp'];
    for (const name of names) await writeFile(path.join(folder, name), 'x');
    expect((await sweepTemporaries(folder)).sort()).toEqual([`r1.json.${dead}.3.tmp`, `settings.json.${dead}.1.tmp`]);
    expect((await readdir(folder)).sort()).toEqual(['notes.tmp', 'r1.json', `r2.json.${process.pid}.1.tmp`]);
    expect(await sweepTemporaries(path.join(folder, 'missing'))).toEqual([]);
  });
});

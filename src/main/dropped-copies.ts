// Copies of dropped files in the app's data folder (dropped/), so that a batch killed before they were
// transcribed can offer them again: a dropped file has no path of its own to come back to. Each copy gets
// its own folder (two drops may share a name). A start removes the copies no unfinished batch names;
// only copies older than that start, so a file dropped while the sweep runs is safe.

import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from './atomic-file';

export class DroppedCopies {
  private readonly startedAt = Date.now();

  constructor(readonly folder: string) {}

  /** Writes `bytes` to a new copy named like the dropped file; resolves to its path. */
  async keep(name: string, bytes: Uint8Array): Promise<string> {
    await mkdir(this.folder, { recursive: true });
    const file = path.join(await mkdtemp(path.join(this.folder, 'drop-')), path.basename(name) || 'dropped');
    await writeFileAtomically(file, bytes, `The dropped file ${name} could not be kept for resuming`);
    return file;
  }

  /** Removes the copies from before this start that `keep` does not name; returns what it removed. */
  async sweep(keep: readonly string[]): Promise<string[]> {
    const wanted = new Set(keep.map((file) => path.dirname(path.resolve(file))));
    let entries: string[];
    try {
      entries = await readdir(this.folder);
    } catch {
      return []; // no copies yet
    }
    const removed: string[] = [];
    for (const entry of entries) {
      const dir = path.join(this.folder, entry);
      const info = await stat(dir).catch(() => undefined);
      if (!info || wanted.has(dir) || info.mtimeMs >= this.startedAt) continue;
      await rm(dir, { recursive: true, force: true });
      removed.push(dir);
    }
    return removed;
  }
}

// The batch's unfinished files, kept on disk (pending-batch.json in the app's data folder) so that a
// start after a crash or a kill can offer to resume them. The renderer owns the queue and saves the
// whole list whenever it changes; each save replaces the file atomically.
//
// A kill can land between a result being saved and the list being updated; so the list that is read
// back leaves out every file with a result stored since it was queued.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PendingFile } from '../shared/contract';
import { AtomicFile } from './atomic-file';
import type { ResultsStore } from './results-store';

export class PendingBatch {
  private readonly output: AtomicFile;

  constructor(
    folder: string,
    private readonly results: ResultsStore,
  ) {
    this.output = new AtomicFile(path.join(folder, 'pending-batch.json'), 'The list of unfinished batch files could not be saved');
  }

  save(files: PendingFile[]): Promise<void> {
    return this.output.write(JSON.stringify({ files }, null, 1));
  }

  /** The list as last saved; a missing or unreadable list is an empty one (and says why on the console). */
  async stored(): Promise<PendingFile[]> {
    try {
      return parse(await readFile(this.output.file, 'utf8'));
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') console.warn(`pending batch: ignoring ${this.output.file}: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  /** The files still to do: the stored list less those with a result stored since they were queued. */
  async list(): Promise<PendingFile[]> {
    const files = await this.stored();
    if (files.length === 0) return [];
    const finished = await this.results.list();
    return files.filter((f) => !finished.some((r) => r.source === f.path && r.createdAt >= f.queuedAt));
  }
}

function parse(text: string): PendingFile[] {
  const stored = JSON.parse(text) as { files?: unknown };
  if (!Array.isArray(stored.files)) throw new Error('no "files" list');
  return stored.files.filter(
    (f): f is PendingFile => typeof f === 'object' && f !== null && typeof (f as PendingFile).path === 'string' && typeof (f as PendingFile).queuedAt === 'string',
  );
}

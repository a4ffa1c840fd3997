// Finished transcriptions on disk: one JSON file per result in a results folder (the app's userData
// in Electron, a temporary folder in the e2e test host). Each file is written to a temporary name and
// renamed into place, so a crash mid-write never leaves a half-written result that would break the
// list on the next start.

import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ContractError, type ResultSummary, type TranscriptionResult } from '../shared/contract';

const SAFE_ID = /^[\w-]{1,128}$/;
let temporaries = 0;
const PREVIEW_CHARS = 160;

export class ResultsStore {
  constructor(readonly folder: string) {}

  async save(result: TranscriptionResult): Promise<ResultSummary> {
    const file = this.fileOf(result.id);
    const temporary = `${file}.${process.pid}.${Date.now()}.${++temporaries}.tmp`;
    try {
      await mkdir(this.folder, { recursive: true });
      // flush: the bytes reach the disk before the rename makes them the result, so a crash or power
      // loss leaves either the old file or the whole new one.
      await writeFile(temporary, JSON.stringify(result, null, 1), { flush: true });
      await rename(temporary, file);
    } catch (error) {
      // Disk full or folder unwritable: leave nothing half-written behind, and say so plainly.
      await rm(temporary, { force: true }).catch(() => undefined);
      throw storageError(`The result for ${result.name} could not be saved`, this.folder, error);
    }
    return summarise(result);
  }

  /** Newest first; files that do not parse are skipped (and reported once on the console). */
  async list(): Promise<ResultSummary[]> {
    let names: string[];
    try {
      names = await readdir(this.folder);
    } catch {
      return [];
    }
    const summaries: ResultSummary[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      try {
        summaries.push(summarise(JSON.parse(await readFile(path.join(this.folder, name), 'utf8')) as TranscriptionResult));
      } catch (error) {
        console.warn(`results: skipping ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return summaries.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async read(id: string): Promise<TranscriptionResult> {
    try {
      return JSON.parse(await readFile(this.fileOf(id), 'utf8')) as TranscriptionResult;
    } catch (error) {
      if (error instanceof ContractError) throw error;
      throw new ContractError({ code: 'not-found', message: `No stored result ${id}` });
    }
  }

  async remove(id: string): Promise<void> {
    await rm(this.fileOf(id), { force: true });
  }

  private fileOf(id: string): string {
    if (!SAFE_ID.test(id)) throw new ContractError({ code: 'invalid-input', message: `result id ${JSON.stringify(id)}: expected letters, digits, _ or -` });
    return path.join(this.folder, `${id}.json`);
  }
}

export function summarise(result: TranscriptionResult): ResultSummary {
  return {
    id: result.id,
    name: result.name,
    source: result.source,
    createdAt: result.createdAt,
    decoder: result.stats.decoder,
    durationS: result.durationS,
    preview: result.text.length > PREVIEW_CHARS ? `${result.text.slice(0, PREVIEW_CHARS)}…` : result.text,
  };
}

/**
 * A failed write as a ContractError the user can act on: 'disk-full' (no space or quota left) or
 * 'storage-unwritable' (permissions, a read-only disk, a file where the folder should be).
 */
export function storageError(what: string, folder: string, error: unknown): ContractError {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new ContractError({ code: 'disk-full', message: `${what}: the disk holding ${folder} is full. Nothing was written; free some space and try again.` });
  }
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EROFS'
        ? 'the disk is read-only'
        : code === 'ENOTDIR' || code === 'EEXIST'
          ? 'a file is in the way of the folder'
          : error instanceof Error
            ? error.message
            : String(error);
  return new ContractError({ code: 'storage-unwritable', message: `${what}: ${folder} cannot be written (${reason}). Nothing was written.` });
}

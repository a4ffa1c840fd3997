// Writing a file so that a crash, a kill, a full disk or a power cut leaves either the old file or
// the whole new one: write a temporary beside it, flush it to the disk, rename it into place. Every
// store in the main process (results, settings, the pending batch) and every export writes this way.
//
// A kill between the write and the rename leaves a temporary behind; its name carries the writer's
// process id, so the next start removes the ones whose writer is gone (sweepTemporaries).

import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ContractError } from '../shared/contract';

let counter = 0;
const TEMPORARY = /\.(\d+)\.\d+\.tmp$/;

export async function writeFileAtomically(file: string, data: string | Uint8Array, what: string): Promise<void> {
  const folder = path.dirname(file);
  const temporary = `${file}.${process.pid}.${++counter}.tmp`;
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(temporary, data, { flush: true });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw storageError(what, folder, error);
  }
}

/** Removes temporaries in `folder` left by writers that no longer run; returns their names. */
export async function sweepTemporaries(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = TEMPORARY.exec(name)?.[1];
    if (pid === undefined || processRuns(Number(pid))) continue;
    await rm(path.join(folder, name), { force: true }).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}

function processRuns(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is not ours to judge.
    return (error as { code?: unknown }).code === 'EPERM';
  }
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
          : code === 'EISDIR'
            ? 'a folder is in the way of the file'
            : error instanceof Error
              ? error.message
              : String(error);
  return new ContractError({ code: 'storage-unwritable', message: `${what}: ${folder} cannot be written (${reason}). Nothing was written.` });
}

/** One file written atomically by one owner, one write at a time, so the last write called is the one that stays. */
export class AtomicFile {
  private writing: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    /** What a failed write says, e.g. "The settings could not be saved". */
    private readonly what: string,
  ) {}

  write(data: string): Promise<void> {
    const written = this.writing.then(() => writeFileAtomically(this.file, data, this.what));
    this.writing = written.catch(() => undefined);
    return written;
  }
}

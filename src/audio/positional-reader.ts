// Random-access reads from an opened file, with every failure mapped to an AudioError naming the file.

import { open, type FileHandle } from 'node:fs/promises';
import { AudioError, fileError, fileSystemError } from './audio-error';

export class PositionalReader {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    /** Bytes in the file when it was opened. */
    readonly size: number,
  ) {}

  /** Opens `path` for reading: 'not-found', 'unreadable' (permissions, a folder) or 'empty' otherwise. */
  static async open(path: string): Promise<PositionalReader> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw fileSystemError(path, error);
    }
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) throw fileError('unreadable', path, 'a folder, not a file');
      if (!stat.isFile()) throw fileError('unreadable', path, 'not a regular file');
      if (stat.size === 0) throw fileError('empty', path, 'the file is empty (0 bytes)');
      return new PositionalReader(path, handle, stat.size);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error instanceof AudioError ? error : fileSystemError(path, error);
    }
  }

  /** Up to `length` bytes from `position`; fewer only at the end of the file. */
  async read(position: number, length: number): Promise<Uint8Array> {
    const wanted = Math.max(0, Math.min(length, this.size - position));
    // A fresh ArrayBuffer per read, offset 0: callers may keep or transfer the bytes.
    const bytes = new Uint8Array(wanted);
    let filled = 0;
    try {
      while (filled < wanted) {
        const { bytesRead } = await this.handle.read(bytes, filled, wanted - filled, position + filled);
        if (bytesRead === 0) break; // the file shrank since it was opened
        filled += bytesRead;
      }
    } catch (error) {
      throw fileSystemError(this.path, error);
    }
    return filled === wanted ? bytes : bytes.subarray(0, filled);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => undefined);
  }
}

// The Node side of bundle loading: a BundleReader over a folder on disk (src/core reads bundles only
// through this interface, so it never touches the file system itself).

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BundleError, type BundleReader } from '../core';

export function folderBundleReader(folder: string): BundleReader {
  const root = path.resolve(folder);
  return {
    location: root,
    async read(relativePath) {
      const file = path.join(root, relativePath);
      try {
        const bytes = await readFile(file);
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (cause) {
        const code = (cause as { code?: string }).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
          throw new BundleError('missing-file', `${root}: ${relativePath} is missing`, relativePath, cause);
        }
        const reason = code === 'EISDIR' ? 'is a folder' : cause instanceof Error ? cause.message : String(cause);
        throw new BundleError('unreadable', `${root}: ${relativePath} cannot be read (${reason})`, relativePath, cause);
      }
    },
  };
}

/** A raw little-endian float32 file (the recipe's reference arrays). */
export async function readFloat32File(file: string): Promise<Float32Array> {
  const bytes = await readFile(file);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

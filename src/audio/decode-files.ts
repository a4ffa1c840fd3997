// Decodes a list of files one after another (one long file in memory at a time). A file that fails
// becomes a typed error in its slot; the others go on.

import { asFileError, type AudioError } from './audio-error';
import { decodeFile, type DecodedAudio } from './decode-file';

export type DecodeResult = { path: string; ok: true; audio: DecodedAudio } | { path: string; ok: false; error: AudioError };

export interface DecodeFilesOptions {
  /** Progress over the whole batch: which file, and how far into it (0..1). */
  onProgress?: (fileIndex: number, fraction: number) => void;
  /** Each result as soon as it is ready, in order. */
  onResult?: (result: DecodeResult, fileIndex: number) => void;
  signal?: AbortSignal;
}

export async function decodeFiles(paths: readonly string[], options: DecodeFilesOptions = {}): Promise<DecodeResult[]> {
  const results: DecodeResult[] = [];
  for (const [index, path] of paths.entries()) {
    let result: DecodeResult;
    try {
      const audio = await decodeFile(path, {
        onProgress: options.onProgress && ((fraction) => options.onProgress!(index, fraction)),
        signal: options.signal,
      });
      result = { path, ok: true, audio };
    } catch (error) {
      result = { path, ok: false, error: asFileError(path, error) };
    }
    results.push(result);
    options.onResult?.(result, index);
  }
  return results;
}

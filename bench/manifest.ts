// Evaluation manifests: a TSV of `audio-path<TAB>reference` (what test-adult200.sh prints), or the
// recipe's JSONL (`{"audio": ..., "text": ...}` per line). Relative audio paths are relative to the
// manifest's folder.

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export interface ManifestEntry {
  audio: string;
  reference: string;
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/** Parses manifest text; `base` is the folder relative audio paths are resolved against. */
export function parseManifest(text: string, base: string, where = 'manifest'): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    let audio: unknown;
    let reference: unknown;
    if (line.startsWith('{')) {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch (error) {
        throw new ManifestError(`${where}:${index + 1}: not valid JSON (${(error as Error).message})`);
      }
      audio = record['audio'] ?? record['path'];
      reference = record['text'] ?? record['reference'];
    } else {
      const tab = raw.indexOf('\t');
      if (tab < 0) throw new ManifestError(`${where}:${index + 1}: expected audio-path<TAB>reference`);
      audio = raw.slice(0, tab).trim();
      reference = raw.slice(tab + 1).trim();
    }
    if (typeof audio !== 'string' || audio === '' || typeof reference !== 'string') {
      throw new ManifestError(`${where}:${index + 1}: needs an audio path and a reference text`);
    }
    entries.push({ audio: path.resolve(base, audio), reference });
  }
  return entries;
}

export async function readManifest(file: string): Promise<ManifestEntry[]> {
  return parseManifest(await readFile(file, 'utf8'), path.dirname(file), file);
}

/** A manifest printed by a script (e.g. speechocean762/test-adult200.sh). */
export async function runManifestScript(script: string): Promise<ManifestEntry[]> {
  const { stdout } = await promisify(execFile)('bash', [script], { maxBuffer: 16 << 20 });
  return parseManifest(stdout, path.dirname(script), script);
}

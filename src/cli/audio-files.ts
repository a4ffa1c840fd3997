// Expands the CLI's inputs: a folder stands for the audio files under it (by extension, in name order);
// a file is taken as given, whatever its name (the front end recognises audio by content).

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

const AUDIO_EXTENSIONS = new Set(['.wav', '.flac', '.mp3', '.aac', '.ogg', '.oga', '.opus', '.m4a', '.mp4', '.webm', '.mkv', '.mov']);

export interface ExpandedInput {
  input: string;
  isFolder: boolean;
  files: string[];
}

export async function expandInputs(inputs: readonly string[]): Promise<ExpandedInput[]> {
  const expanded: ExpandedInput[] = [];
  for (const input of inputs) {
    let isFolder = false;
    try {
      isFolder = (await stat(input)).isDirectory();
    } catch {
      // Missing or unreadable: pass it on so the decoder reports it by name.
    }
    if (!isFolder) {
      expanded.push({ input, isFolder, files: [input] });
      continue;
    }
    const entries = await readdir(input, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && AUDIO_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
      .map((e) => path.join(e.parentPath, e.name))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expanded.push({ input, isFolder, files });
  }
  return expanded;
}

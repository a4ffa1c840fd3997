// The user's own audio as benchmark utterances (`npm run bench -- FILE|FOLDER...`), decoded by the
// project's front end; a folder stands for the audio files under it (as in `npm run transcribe`).

import path from 'node:path';
import { decodeFile } from '../src/audio';
import { expandInputs } from '../src/cli/audio-files';
import type { TestUtterance } from './test-audio';

export async function fileUtterances(inputs: readonly string[]): Promise<TestUtterance[]> {
  const files = (await expandInputs(inputs)).flatMap((e) => e.files);
  const utterances: TestUtterance[] = [];
  for (const file of files) {
    const audio = await decodeFile(file);
    utterances.push({ label: path.basename(file), samples: audio.samples, durationS: audio.durationS });
  }
  return utterances;
}

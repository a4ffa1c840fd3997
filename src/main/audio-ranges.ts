// readAudioRange: a stretch of a file read again for the renderer, which keeps only an overview of a long file
// (src/renderer/state/audio-overview.ts). One call reads at most MAX_RANGE_FRAMES; the front end decodes the file
// chunk by chunk up to the range, so the event loop gets a turn between chunks as it does for readAudioStream.
import type { AudioRange } from '../shared/contract';
import type { AudioPort } from './audio-port';
import { renamed } from './audio-streams';

export interface RangeRequest {
  path: string;
  /** The name errors give the file (a dropped file's own name, not its kept copy's path). */
  reportAs?: string;
  firstFrame: number;
  nFrames: number;
}

export async function readAudioRange(audio: AudioPort, nMels: number, request: RangeRequest): Promise<AudioRange> {
  const { path, reportAs = path, firstFrame, nFrames } = request;
  try {
    return { ...(await audio.readFeatureRange(path, firstFrame, nFrames)), nMels };
  } catch (error) {
    throw renamed(error, path, reportAs);
  }
}

// Exact audio of an item, whatever it keeps (state/audio-overview.ts): a range of frames and samples, sliced from
// the whole audio when the item holds it, otherwise read again from main (readAudioRange); and the whole file as
// blocks for a rerun or a compare, the item's own arrays as one block, or the file streamed from main once more
// (the path of its first run).
import type { AudioBlock } from '../../core/pipeline';
import features from '../../shared/features.json';
import type { AudioOrigin, ItemAudio } from '../state/audio-overview';
import type { WorkbenchApi } from '../workbench-api';
import { AudioStreamReader, type ReadHooks } from './audio-stream-reader';

export type RangeApi = Pick<WorkbenchApi, 'readAudioRange'>;

export interface ExactRange {
  firstFrame: number;
  firstSample: number;
  samples: Float32Array;
  /** Row-major nFrames × nMels. */
  frames: Float32Array;
  nFrames: number;
}

/** Frames [firstFrame, firstFrame + nFrames) and their samples (fewer where the audio ends). */
export async function exactRange(api: RangeApi | undefined, audio: ItemAudio, firstFrame: number, nFrames: number): Promise<ExactRange> {
  const { hopSize, frameSize } = features;
  if (audio.full) {
    const n = Math.max(0, Math.min(nFrames, audio.nFrames - firstFrame));
    const firstSample = firstFrame * hopSize;
    const endSample = n > 0 ? firstSample + (n - 1) * hopSize + frameSize : firstSample;
    return {
      firstFrame,
      firstSample,
      samples: audio.full.samples.slice(firstSample, endSample),
      frames: audio.full.frames.slice(firstFrame * audio.nMels, (firstFrame + n) * audio.nMels),
      nFrames: n,
    };
  }
  if (!audio.origin) throw new Error('this audio is kept neither whole nor in a file it could be read from again');
  if (!api) throw new Error('the main process is not reachable, so this audio cannot be read again');
  const { path, reportAs } = audio.origin;
  const range = await api.readAudioRange({ path, ...(reportAs ? { reportAs } : {}), firstFrame, nFrames });
  return { firstFrame: range.firstFrame, firstSample: range.firstSample, samples: range.samples, frames: range.frames, nFrames: range.nFrames };
}

/** The item's whole audio as blocks, and what to call when done with them (closes a stream left open). */
export async function wholeAudio(api: WorkbenchApi | undefined, audio: ItemAudio, hooks: ReadHooks = {}): Promise<{ blocks: AsyncIterable<AudioBlock> | Iterable<AudioBlock>; close(): Promise<void> }> {
  if (audio.full) return { blocks: [{ samples: audio.full.samples, frames: audio.full.frames, nFrames: audio.nFrames }], close: async () => undefined };
  const reader = await openAgain(api, audio.origin);
  return { blocks: reader.blocks(hooks), close: () => reader.close() };
}

async function openAgain(api: WorkbenchApi | undefined, origin: AudioOrigin | undefined): Promise<AudioStreamReader> {
  if (!origin) throw new Error('this audio is kept neither whole nor in a file it could be read from again');
  if (!api) throw new Error('the main process is not reachable, so this audio cannot be read again');
  const { streamId } = await api.openAudioStream({ path: origin.path, ...(origin.reportAs ? { reportAs: origin.reportAs } : {}) });
  return new AudioStreamReader(api, streamId, origin);
}

/** Samples [startSample, startSample + count) (fewer at the end): the frames' range that covers them, trimmed. */
export async function exactSamples(api: RangeApi | undefined, audio: ItemAudio, startSample: number, count: number): Promise<Float32Array> {
  const { hopSize, frameSize } = features;
  if (audio.full) return audio.full.samples.slice(startSample, startSample + count);
  const firstFrame = Math.floor(startSample / hopSize);
  const skip = startSample - firstFrame * hopSize;
  const nFrames = Math.max(1, Math.ceil((skip + count - frameSize) / hopSize) + 1);
  const range = await exactRange(api, audio, firstFrame, nFrames);
  return range.samples.slice(skip, skip + count);
}

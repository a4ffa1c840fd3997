// Decodes a whole audio file to 16 kHz mono Float32 (see decoded-stream.ts for the pipeline).

import type { AudioWarning } from './audio-warning';
import type { DecodeOptions } from './decoded-stream';
import { TARGET_SAMPLE_RATE } from './feature-parameters';
import { FileStream } from './file-stream';
import type { AudioSourceInfo } from './pcm-source';
import { SampleAccumulator } from './sample-accumulator';

export interface DecodedAudio {
  path: string;
  sampleRate: 16000;
  /** Mono, in [-1, 1] for in-range sources. */
  samples: Float32Array;
  durationS: number;
  /** The file as it was: container, codec, its own rate and channel count. */
  source: AudioSourceInfo;
  warnings: AudioWarning[];
}

/**
 * Rejects with an AudioError naming the file and the reason: 'not-found', 'unreadable', 'empty',
 * 'too-short' (less than one 32 ms feature frame), 'truncated', 'not-audio', 'unsupported-codec',
 * 'unsupported-format', 'corrupt', 'invalid-samples' (NaN/Inf) or 'aborted'. Silence, clipping and
 * a data chunk shorter than its header are warnings.
 */
export async function decodeFile(path: string, options: DecodeOptions = {}): Promise<DecodedAudio> {
  const stream = await FileStream.open(path, options);
  try {
    const samples = new SampleAccumulator(stream.expectedSamples);
    for (let chunk = await stream.next(); chunk !== undefined; chunk = await stream.next()) {
      samples.append(chunk);
      // Let timers, I/O and IPC in between chunks: this runs on the Electron main thread.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const all = samples.finish();
    return {
      path,
      sampleRate: 16000,
      samples: all,
      durationS: all.length / TARGET_SAMPLE_RATE,
      source: stream.source,
      warnings: stream.warnings(),
    };
  } finally {
    await stream.close();
  }
}

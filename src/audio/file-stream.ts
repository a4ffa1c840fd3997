// One file decoded chunk by chunk, with the same checks as a whole-file decode: every failure is an
// AudioError naming the file, and a file shorter than one feature frame is 'too-short' once its end is
// reached. decodeFile drains it; the services and the CLI read it piecewise (bounded memory, and the
// Electron main thread is never held for more than one chunk).

import { asFileError, fileError } from './audio-error';
import type { AudioWarning } from './audio-warning';
import { DecodedStream, type DecodeOptions } from './decoded-stream';
import { FEATURE_PARAMETERS, TARGET_SAMPLE_RATE } from './feature-parameters';
import type { AudioSourceInfo } from './pcm-source';

export class FileStream {
  private samples = 0;
  private fraction = 0;

  private constructor(
    readonly path: string,
    private readonly decoded: DecodedStream,
  ) {}

  /** Opens `path`; rejects with an AudioError naming the file ('not-found', 'not-audio', ...). */
  static async open(path: string, options: DecodeOptions = {}): Promise<FileStream> {
    let stream: FileStream | undefined;
    try {
      const decoded = await DecodedStream.open(path, {
        ...options,
        onProgress: (fraction) => {
          if (stream) stream.fraction = fraction;
          options.onProgress?.(fraction);
        },
      });
      stream = new FileStream(path, decoded);
      return stream;
    } catch (error) {
      throw asFileError(path, error);
    }
  }

  /** The next chunk of 16 kHz mono samples, or undefined after the last one. */
  async next(): Promise<Float32Array | undefined> {
    try {
      const chunk = await this.decoded.next();
      if (chunk) this.samples += chunk.length;
      else if (this.samples < FEATURE_PARAMETERS.frameSize) throw this.tooShort();
      return chunk;
    } catch (error) {
      throw asFileError(this.path, error);
    }
  }

  /** Fraction of the file read so far, 0..1. */
  get progress(): number {
    return this.fraction;
  }

  /** 16 kHz samples returned so far. */
  get samplesRead(): number {
    return this.samples;
  }

  /** 16 kHz samples the file should give, when its header says (WAV). */
  get expectedSamples(): number | undefined {
    return this.decoded.expectedSamples;
  }

  /** The file as it was: container, codec, its own rate and channel count. */
  get source(): AudioSourceInfo {
    return this.decoded.source;
  }

  /** Warnings about the whole file; complete once next() has returned undefined. */
  warnings(): AudioWarning[] {
    return this.decoded.warnings();
  }

  close(): Promise<void> {
    return this.decoded.close();
  }

  private tooShort() {
    const sourceFrames = this.decoded.sourceFrameCount;
    const sourceMs = ((1000 * sourceFrames) / this.decoded.source.sampleRate).toFixed(2);
    const minimumMs = (1000 * FEATURE_PARAMETERS.frameSize) / TARGET_SAMPLE_RATE;
    return fileError('too-short', this.path, `too short: ${sourceFrames} sample(s) (${sourceMs} ms); at least ${minimumMs} ms are needed for one feature frame`);
  }
}

// The decoding pipeline for one file, pulled chunk by chunk:
//   bytes → recognise container → WAV reader or codec → check samples → downmix → resample → 16 kHz mono.
// decodeFile() drains it into one array; the file-backed AudioSource paces it out in real time.
// Either way the samples are identical, because this is the only path from a file to samples.

import { fileError } from './audio-error';
import type { AudioWarning } from './audio-warning';
import { openCodecPcmSource } from './codec-pcm-source';
import { id3TagLength, recognise, RECOGNITION_BYTES, type Recognition } from './container-format';
import type { PcmBlock } from './codec-decoder';
import { downmixToMono } from './downmix';
import { TARGET_SAMPLE_RATE } from './feature-parameters';
import type { AudioSourceInfo, PcmSource } from './pcm-source';
import { PositionalReader } from './positional-reader';
import { createResampler, type Resampler } from './resampler';
import { SignalInspector } from './signal-inspector';
import { openWavPcmSource } from './wav-pcm-source';

/** Source audio converted per next() call, at most. */
const MAX_BLOCK_SECONDS = 1;

export interface DecodeOptions {
  /** Fraction of the file consumed, 0..1; called at most about once per percent, and with 1 at the end. */
  onProgress?: (fraction: number) => void;
  /** Cancels decoding: the pending or next read rejects with an 'aborted' AudioError. */
  signal?: AbortSignal;
}

export class DecodedStream implements AsyncIterable<Float32Array> {
  private pending: PcmBlock | undefined;
  private finished = false;
  private closed = false;
  private sourceFrames = 0;
  private lastProgress = -1;

  private constructor(
    readonly path: string,
    readonly source: AudioSourceInfo,
    private readonly pcm: PcmSource,
    private readonly resampler: Resampler,
    private readonly inspector: SignalInspector,
    private readonly fileSize: number,
    private readonly options: DecodeOptions,
  ) {}

  /** Opens `path` and decodes up to its first samples; rejects with an AudioError naming the file. */
  static async open(path: string, options: DecodeOptions = {}): Promise<DecodedStream> {
    throwIfAborted(path, options.signal);
    const reader = await PositionalReader.open(path);
    let pcm: PcmSource | undefined;
    try {
      pcm = await openPcmSource(reader);
      const first = await pcm.read();
      if (first === undefined) throw fileError('empty', path, 'the file contains no samples');
      const resampler = await createResampler(pcm.info.sampleRate);
      const stream = new DecodedStream(path, pcm.info, pcm, resampler, new SignalInspector(path, pcm.info.sampleRate), reader.size, options);
      stream.pending = first;
      return stream;
    } catch (error) {
      await (pcm ? pcm.close() : reader.close());
      throw error;
    }
  }

  /** 16 kHz samples the file should give, when the header says (WAV); for preallocation. */
  get expectedSamples(): number | undefined {
    const frames = this.pcm.expectedFrames;
    return frames === undefined ? undefined : Math.round((frames * TARGET_SAMPLE_RATE) / this.source.sampleRate);
  }

  /** Source frames read so far (per channel, at the source rate). */
  get sourceFrameCount(): number {
    return this.sourceFrames;
  }

  /** The next chunk of 16 kHz mono samples (never empty), or undefined after the last one. */
  async next(): Promise<Float32Array | undefined> {
    while (!this.finished) {
      throwIfAborted(this.path, this.options.signal);
      const block = this.takeBlock(this.pending ?? (await this.pcm.read()));
      let out: Float32Array;
      if (block === undefined) {
        this.finished = true;
        out = this.resampler.finish();
        this.reportProgress(1);
      } else {
        out = this.convert(block);
        this.reportProgress(this.pcm.bytesConsumed / this.fileSize);
      }
      if (out.length > 0) return out;
    }
    return undefined;
  }

  /** Warnings about the whole file; complete once next() has returned undefined. */
  warnings(): AudioWarning[] {
    return [...this.pcm.warnings(), ...this.inspector.warnings()];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.resampler.destroy();
    await this.pcm.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Float32Array> {
    try {
      for (let chunk = await this.next(); chunk !== undefined; chunk = await this.next()) yield chunk;
    } finally {
      await this.close();
    }
  }

  /**
   * At most MAX_BLOCK_SECONDS of `block`, keeping the rest pending: one call to next() then costs
   * tens of milliseconds of resampling, not seconds (a 256 KiB MP3 read can hold half a minute).
   */
  private takeBlock(block: PcmBlock | undefined): PcmBlock | undefined {
    this.pending = undefined;
    if (block === undefined) return undefined;
    const limit = Math.ceil(MAX_BLOCK_SECONDS * block.sampleRate);
    const frames = block.channelData[0]!.length;
    if (frames <= limit) return block;
    this.pending = { sampleRate: block.sampleRate, channelData: block.channelData.map((c) => c.subarray(limit)) };
    return { sampleRate: block.sampleRate, channelData: block.channelData.map((c) => c.subarray(0, limit)) };
  }

  private convert(block: PcmBlock): Float32Array {
    if (block.sampleRate !== this.source.sampleRate) {
      throw fileError('unsupported-format', this.path, `the sample rate changes from ${this.source.sampleRate} Hz to ${block.sampleRate} Hz inside the file`);
    }
    this.inspector.inspect(block.channelData);
    this.sourceFrames += block.channelData[0]!.length;
    return this.resampler.process(downmixToMono(block.channelData));
  }

  private reportProgress(fraction: number): void {
    const { onProgress } = this.options;
    if (!onProgress) return;
    const clamped = Math.min(1, Math.max(0, fraction));
    if (clamped < 1 && clamped - this.lastProgress < 0.01) return;
    if (clamped === this.lastProgress) return;
    this.lastProgress = clamped;
    onProgress(clamped);
  }
}

async function openPcmSource(reader: PositionalReader): Promise<PcmSource> {
  const recognition = await recogniseFile(reader);
  switch (recognition.kind) {
    case 'audio':
      return recognition.format === 'wav' ? openWavPcmSource(reader) : openCodecPcmSource(reader, recognition.format);
    case 'unsupported':
      throw fileError('unsupported-codec', reader.path, `${recognition.what} is not supported; use WAV, FLAC, MP3, Ogg Vorbis, Opus, M4A/AAC or WebM`);
    case 'unknown': {
      const head = await reader.read(0, 8);
      const riff = String.fromCharCode(...head.subarray(0, 4));
      if ((riff === 'RIFF' || riff === 'RF64') && reader.size < 12) {
        throw fileError('truncated', reader.path, `the WAV header is cut off after ${reader.size} bytes`);
      }
      const bytes = [...head].map((b) => b.toString(16).padStart(2, '0')).join(' ');
      throw fileError('not-audio', reader.path, `not a recognised audio file (it starts with bytes ${bytes})`);
    }
  }
}

async function recogniseFile(reader: PositionalReader): Promise<Recognition> {
  const head = await reader.read(0, RECOGNITION_BYTES);
  const tag = id3TagLength(head);
  // A leading ID3 tag longer than what we read (cover art): look at what follows it.
  if (tag > 0 && tag + 16 > head.length && tag < reader.size) return recognise(await reader.read(tag, RECOGNITION_BYTES));
  return recognise(head);
}

function throwIfAborted(path: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw fileError('aborted', path, 'decoding was cancelled');
}

// PCM blocks from a compressed file (FLAC, MP3, Ogg, Opus, M4A, AAC, WebM): file bytes are fed to the
// codec in pieces, so memory stays bounded by the decoded output of one piece.

import { AudioError, fileError } from './audio-error';
import type { AudioWarning } from './audio-warning';
import { CODEC_OF, createCodecDecoder, type CodecDecoder, type CompressedFormat, type PcmBlock } from './codec-decoder';
import { mp4CodecName, webmCodecName } from './codec-name';
import type { AudioSourceInfo, PcmSource } from './pcm-source';
import type { ByteSource } from './byte-source';
import { moovFirst } from './mp4-moov-first';
import type { PositionalReader } from './positional-reader';

/** Small enough that a live file source starts quickly, large enough that WASM calls are few. */
const READ_BYTES = 256 * 1024;

export async function openCodecPcmSource(reader: PositionalReader, format: CompressedFormat): Promise<PcmSource> {
  const bytes = format === 'mp4' ? await moovFirst(reader) : reader;
  let decoder: CodecDecoder;
  try {
    decoder = await createCodecDecoder(format);
  } catch (error) {
    throw fileError('unsupported-codec', reader.path, `the ${format} decoder could not be loaded (${error instanceof Error ? error.message : String(error)})`, error);
  }
  const source = new CodecPcmSource(reader, bytes, format, decoder);
  try {
    await source.start();
  } catch (error) {
    await source.close();
    throw error;
  }
  return source;
}

class CodecPcmSource implements PcmSource {
  info: AudioSourceInfo;
  private offset = 0;
  private flushed = false;
  private first: PcmBlock | undefined;

  constructor(
    private readonly reader: PositionalReader,
    /** The file's bytes in the order the codec wants them (an MP4's index first). */
    private readonly bytes: ByteSource,
    private readonly format: CompressedFormat,
    private readonly decoder: CodecDecoder,
  ) {
    this.info = { ...CODEC_OF[format], sampleRate: 0, channels: 0 };
  }

  get bytesConsumed(): number {
    return this.offset;
  }

  /** Decodes up to the first samples, so the rate and channel count are known before anyone reads. */
  async start(): Promise<void> {
    const first = await this.decodeNext();
    if (first === undefined) {
      throw fileError('corrupt', this.reader.path, `no audio could be decoded from this ${CODEC_OF[this.format].container} file; it is damaged or truncated`);
    }
    this.first = first;
    const codec = this.format === 'mp4' ? await mp4CodecName(this.reader) : this.format === 'webm' ? await webmCodecName(this.reader) : this.info.codec;
    this.info = { ...this.info, codec, sampleRate: first.sampleRate, channels: first.channelData.length };
  }

  async read(): Promise<PcmBlock | undefined> {
    if (this.first !== undefined) {
      const first = this.first;
      this.first = undefined;
      return first;
    }
    return this.decodeNext();
  }

  private async decodeNext(): Promise<PcmBlock | undefined> {
    while (true) {
      let block: PcmBlock;
      try {
        if (this.offset < this.bytes.size) {
          const bytes = await this.bytes.read(this.offset, READ_BYTES);
          this.offset = bytes.length === 0 ? this.bytes.size : this.offset + bytes.length; // 0: the file shrank
          block = await this.decoder.decode(bytes);
        } else if (!this.flushed) {
          this.flushed = true;
          block = await this.decoder.flush();
        } else {
          return undefined;
        }
      } catch (error) {
        if (error instanceof AudioError) throw error;
        const detail = error instanceof Error ? error.message : String(error);
        throw fileError('corrupt', this.reader.path, `the ${CODEC_OF[this.format].container} decoder failed: ${detail}`, error);
      }
      if (block.channelData.length > 0 && (block.channelData[0]?.length ?? 0) > 0) return block;
    }
  }

  warnings(): AudioWarning[] {
    const errors = this.decoder.errorCount;
    return errors === 0 ? [] : [{ code: 'decoder-errors', message: `${this.reader.path}: ${errors} damaged frame(s) could not be decoded and were skipped` }];
  }

  async close(): Promise<void> {
    this.decoder.free();
    await this.reader.close();
  }
}

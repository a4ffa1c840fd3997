// WAV (RIFF/WAVE, and RF64 for files over 4 GiB) header parsing by walking the chunks with
// positional reads, so a large LIST/bext/JUNK chunk or a data chunk of gigabytes costs nothing.
// Handles PCM 8/16/24/32-bit (any valid bits inside those containers), IEEE float 32/64, G.711
// µ-law/A-law, and WAVE_FORMAT_EXTENSIBLE wrapping any of them.

import { fileError } from './audio-error';
import type { PositionalReader } from './positional-reader';

export type WavSampleEncoding = 'pcm' | 'float' | 'mulaw' | 'alaw';

export interface WavFormat {
  encoding: WavSampleEncoding;
  channels: number;
  sampleRate: number;
  /** Bytes per sample in one channel (the container, e.g. 3 for 24-bit or for 20-in-24). */
  bytesPerSample: number;
  /** Significant bits, as declared (≤ 8·bytesPerSample). */
  bitDepth: number;
  /** Bytes per frame (one sample of every channel). */
  blockAlign: number;
}

export interface WavLayout {
  format: WavFormat;
  /** File offset of the first sample byte. */
  dataOffset: number;
  /** Sample bytes present in the file, a whole number of frames. */
  dataBytes: number;
  /** True when the header promises more data than the file holds. */
  truncated: boolean;
}

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_ALAW = 0x0006;
const FORMAT_MULAW = 0x0007;
const FORMAT_EXTENSIBLE = 0xfffe;

/** Names for the codecs people actually meet in WAV files, for the 'unsupported-codec' message. */
const KNOWN_UNSUPPORTED: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG audio',
  0x0055: 'MP3',
  0x00ff: 'AAC',
  0x0161: 'Windows Media Audio',
  0x1610: 'HE-AAC',
};

/** The resampler accepts up to 192 kHz. */
const MAX_SAMPLE_RATE = 192_000;
const MAX_CHANNELS = 64;

export function isWav(head: Uint8Array): boolean {
  return head.length >= 12 && (ascii(head, 0, 4) === 'RIFF' || ascii(head, 0, 4) === 'RF64') && ascii(head, 8, 4) === 'WAVE';
}

export async function readWavLayout(reader: PositionalReader): Promise<WavLayout> {
  const file = reader.path;
  const size = reader.size;
  const head = await reader.read(0, 12);
  if (head.length < 12) throw fileError('truncated', file, `the WAV header is cut off after ${head.length} bytes`);
  const isRf64 = ascii(head, 0, 4) === 'RF64';

  let format: WavFormat | undefined;
  let data: { offset: number; declaredBytes: number } | undefined;
  let rf64DataBytes: number | undefined;

  let position = 12;
  while (position + 8 <= size && (format === undefined || data === undefined)) {
    const header = await reader.read(position, 8);
    const id = ascii(header, 0, 4);
    const chunkSize = view(header).getUint32(4, true);
    const bodyOffset = position + 8;

    if (id === 'fmt ') {
      const body = await reader.read(bodyOffset, Math.min(chunkSize, 64));
      if (body.length < Math.min(chunkSize, 16)) {
        throw fileError('truncated', file, `the WAV header is cut off: the format chunk needs ${chunkSize} bytes, ${body.length} are present`);
      }
      format = parseFormatChunk(body, chunkSize, file);
    } else if (id === 'ds64' && isRf64) {
      const body = await reader.read(bodyOffset, 16);
      if (body.length < 16) throw fileError('truncated', file, 'the RF64 header is cut off in its ds64 chunk');
      rf64DataBytes = Number(view(body).getBigUint64(8, true));
    } else if (id === 'data') {
      // RF64 writes 0xFFFFFFFF here and the real size in ds64; streaming writers leave 0 or
      // 0xFFFFFFFF when they never came back to fix the header: then the data runs to the end.
      const declared =
        isRf64 && chunkSize === 0xffffffff && rf64DataBytes !== undefined
          ? rf64DataBytes
          : chunkSize === 0xffffffff || (chunkSize === 0 && size > bodyOffset)
            ? size - bodyOffset
            : chunkSize;
      data = { offset: bodyOffset, declaredBytes: declared };
      if (format !== undefined) break;
      position = bodyOffset + declared + (declared & 1);
      continue;
    }
    position = bodyOffset + chunkSize + (chunkSize & 1); // chunks are padded to an even size
  }

  if (format === undefined) {
    throw data === undefined
      ? fileError('truncated', file, 'the WAV header is cut off before its format chunk')
      : fileError('corrupt', file, 'the WAV file has no format chunk');
  }
  if (data === undefined) throw fileError('truncated', file, 'the WAV file ends before its data chunk');

  const present = Math.max(0, Math.min(data.declaredBytes, size - data.offset));
  const dataBytes = present - (present % format.blockAlign);
  return { format, dataOffset: data.offset, dataBytes, truncated: present < data.declaredBytes };
}

function parseFormatChunk(body: Uint8Array, chunkSize: number, file: string): WavFormat {
  const v = view(body);
  let formatTag = v.getUint16(0, true);
  const channels = v.getUint16(2, true);
  const sampleRate = v.getUint32(4, true);
  const blockAlign = v.getUint16(12, true);
  const containerBits = v.getUint16(14, true);
  let bitDepth = containerBits;

  if (formatTag === FORMAT_EXTENSIBLE) {
    if (chunkSize < 40 || body.length < 40) throw fileError('corrupt', file, 'the WAVE_FORMAT_EXTENSIBLE format chunk is too short');
    const validBits = v.getUint16(18, true);
    if (validBits > 0) bitDepth = validBits;
    formatTag = v.getUint16(24, true); // the first two bytes of the SubFormat GUID are the format code
  }

  const encoding = encodingOf(formatTag);
  if (encoding === undefined) {
    const name = KNOWN_UNSUPPORTED[formatTag];
    const code = `0x${formatTag.toString(16).padStart(4, '0')}`;
    throw fileError('unsupported-codec', file, `WAV codec ${name ? `${name} (${code})` : code} is not supported; use PCM or float WAV, FLAC, MP3, Ogg, Opus, M4A or WebM`);
  }
  if (channels === 0) throw fileError('corrupt', file, 'the WAV header declares 0 channels');
  if (channels > MAX_CHANNELS) throw fileError('unsupported-format', file, `${channels} channels are not supported (at most ${MAX_CHANNELS})`);
  if (sampleRate === 0) throw fileError('corrupt', file, 'the WAV header declares a sample rate of 0 Hz');
  if (sampleRate > MAX_SAMPLE_RATE) throw fileError('unsupported-format', file, `a sample rate of ${sampleRate} Hz is not supported (at most ${MAX_SAMPLE_RATE} Hz)`);

  const bytesPerSample = Math.ceil(containerBits / 8);
  const supported =
    (encoding === 'pcm' && bytesPerSample >= 1 && bytesPerSample <= 4) ||
    (encoding === 'float' && (containerBits === 32 || containerBits === 64)) ||
    ((encoding === 'mulaw' || encoding === 'alaw') && containerBits === 8);
  if (!supported) throw fileError('unsupported-format', file, `${containerBits}-bit ${encoding} WAV samples are not supported`);
  if (blockAlign !== channels * bytesPerSample) {
    throw fileError('corrupt', file, `the WAV header is inconsistent: block size ${blockAlign} for ${channels} channels of ${containerBits} bits`);
  }
  return { encoding, channels, sampleRate, bytesPerSample, bitDepth: Math.min(bitDepth, containerBits), blockAlign };
}

function encodingOf(formatTag: number): WavSampleEncoding | undefined {
  switch (formatTag) {
    case FORMAT_PCM:
      return 'pcm';
    case FORMAT_FLOAT:
      return 'float';
    case FORMAT_MULAW:
      return 'mulaw';
    case FORMAT_ALAW:
      return 'alaw';
    default:
      return undefined;
  }
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

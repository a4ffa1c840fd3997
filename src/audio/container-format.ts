// Recognises a file's container and codec from its first bytes, never from its name: a .wav full of
// random bytes is 'not-audio', an MP3 named .wav is decoded as MP3.

import { isWav } from './wav-header';

export type ContainerFormat =
  | 'wav'
  | 'flac'
  | 'mp3'
  | 'adts' // raw AAC (.aac)
  | 'ogg-vorbis'
  | 'ogg-opus'
  | 'ogg-flac'
  | 'mp4' // .m4a/.mp4/.mov (ISO BMFF)
  | 'webm'; // .webm/.mkv (Matroska)

export type Recognition =
  | { kind: 'audio'; format: ContainerFormat }
  /** A container we know, holding something we cannot decode. */
  | { kind: 'unsupported'; what: string }
  | { kind: 'unknown' };

/** How many leading bytes `recognise` wants (fewer is fine for short files). */
export const RECOGNITION_BYTES = 4096;

export function recognise(head: Uint8Array): Recognition {
  if (isWav(head)) return { kind: 'audio', format: 'wav' };
  const id3 = id3TagLength(head);
  const start = id3 > 0 && id3 < head.length ? id3 : 0;
  const at = (offset: number, text: string) => ascii(head, start + offset, text.length) === text;

  if (at(0, 'fLaC')) return { kind: 'audio', format: 'flac' };
  if (at(0, 'OggS')) return recogniseOgg(head);
  if (ascii(head, 4, 4) === 'ftyp') return { kind: 'audio', format: 'mp4' };
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return { kind: 'audio', format: 'webm' };
  if (isAdtsFrame(head, start)) return { kind: 'audio', format: 'adts' };
  if (isMpegAudioStart(head, start)) return { kind: 'audio', format: 'mp3' };
  if (ascii(head, 0, 4) === 'FORM' && (ascii(head, 8, 4) === 'AIFF' || ascii(head, 8, 4) === 'AIFC')) return { kind: 'unsupported', what: 'AIFF audio' };
  if (ascii(head, 0, 4) === 'RIFF' && head.length >= 12) return { kind: 'unsupported', what: `a RIFF '${ascii(head, 8, 4)}' file` };
  return { kind: 'unknown' };
}

function recogniseOgg(head: Uint8Array): Recognition {
  // The first page holds exactly the codec's identification packet: 27-byte page header, segment table.
  const segments = head[26] ?? 0;
  const packet = 27 + segments;
  if (ascii(head, packet + 1, 6) === 'vorbis' && head[packet] === 0x01) return { kind: 'audio', format: 'ogg-vorbis' };
  if (ascii(head, packet, 8) === 'OpusHead') return { kind: 'audio', format: 'ogg-opus' };
  if (head[packet] === 0x7f && ascii(head, packet + 1, 4) === 'FLAC') return { kind: 'audio', format: 'ogg-flac' };
  if (ascii(head, packet, 8) === 'Speex   ') return { kind: 'unsupported', what: 'Ogg Speex audio' };
  if (ascii(head, packet + 1, 6) === 'theora') return { kind: 'unsupported', what: 'Ogg Theora video' };
  return { kind: 'unsupported', what: 'an Ogg stream of an unknown codec' };
}

/**
 * Bytes taken by a leading ID3v2 tag (0 if none). When the tag is longer than the bytes given to
 * `recognise`, call it again with the bytes that follow the tag.
 */
export function id3TagLength(head: Uint8Array): number {
  if (ascii(head, 0, 3) !== 'ID3' || head.length < 10) return 0;
  const syncsafe = ((head[6]! & 0x7f) << 21) | ((head[7]! & 0x7f) << 14) | ((head[8]! & 0x7f) << 7) | (head[9]! & 0x7f);
  const footer = head[5]! & 0x10 ? 10 : 0;
  return 10 + syncsafe + footer;
}

const MPEG_BITRATES_KBPS: Record<string, number[]> = {
  // [version 1 layer 1/2/3, version 2/2.5 layer 1/2/3], index 1..14
  v1l1: [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l23: [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MPEG_RATES = { v1: [44100, 48000, 32000], v2: [22050, 24000, 16000], v25: [11025, 12000, 8000] };

/** Length in bytes of the MPEG audio frame whose header is at `offset`, or 0 if it is not one. */
function mpegFrameLength(head: Uint8Array, offset: number): number {
  if (offset + 4 > head.length) return 0;
  const b1 = head[offset + 1]!, b2 = head[offset + 2]!;
  if (head[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return 0;
  const versionBits = (b1 >> 3) & 3; // 0: 2.5, 1: reserved, 2: 2, 3: 1
  const layerBits = (b1 >> 1) & 3; // 1: III, 2: II, 3: I
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return 0;
  const v1 = versionBits === 3;
  const layer = 4 - layerBits;
  const table = v1 ? (layer === 1 ? 'v1l1' : layer === 2 ? 'v1l2' : 'v1l3') : layer === 1 ? 'v2l1' : 'v2l23';
  const bitrate = MPEG_BITRATES_KBPS[table]![bitrateIndex - 1]! * 1000;
  const rate = (versionBits === 3 ? MPEG_RATES.v1 : versionBits === 2 ? MPEG_RATES.v2 : MPEG_RATES.v25)[rateIndex]!;
  const padding = (b2 >> 1) & 1;
  if (layer === 1) return (Math.floor((12 * bitrate) / rate) + padding) * 4;
  const samplesPerFrame = layer === 3 && !v1 ? 576 : 1152;
  return Math.floor((samplesPerFrame / 8) * bitrate / rate) + padding;
}

/** An MPEG audio frame at `offset`, confirmed by a second frame header right after it when present. */
function isMpegAudioStart(head: Uint8Array, offset: number): boolean {
  const length = mpegFrameLength(head, offset);
  if (length === 0) return false;
  const next = offset + length;
  return next + 4 > head.length || mpegFrameLength(head, next) > 0;
}

function isAdtsFrame(head: Uint8Array, offset: number): boolean {
  if (offset + 7 > head.length) return false;
  const b1 = head[offset + 1]!;
  if (head[offset] !== 0xff || (b1 & 0xf6) !== 0xf0) return false; // sync 0xFFF, layer 00
  const frameLength = ((head[offset + 3]! & 0x03) << 11) | (head[offset + 4]! << 3) | (head[offset + 5]! >> 5);
  const next = offset + frameLength;
  if (frameLength < 7) return false;
  return next + 2 > head.length || (head[next] === 0xff && (head[next + 1]! & 0xf6) === 0xf0);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  if (offset < 0 || offset + length > bytes.length) return '';
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

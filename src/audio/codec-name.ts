// The audio codec inside an MP4 or WebM container, for DecodedAudio.source (the decoders route by
// codec internally but do not say which). Best effort: 'unknown' rather than an error.

import type { ByteSource } from './byte-source';
import { topLevelBoxes } from './mp4-boxes';

const SCAN_BYTES = 64 * 1024;

/** MP4 sample-entry types → codec names. */
const MP4_SAMPLE_ENTRIES: Record<string, string> = {
  mp4a: 'aac',
  alac: 'alac',
  Opus: 'opus',
  fLaC: 'flac',
  '.mp3': 'mp3',
  'ac-3': 'ac3',
  'ec-3': 'eac3',
  samr: 'amr',
  lpcm: 'pcm',
  sowt: 'pcm',
  twos: 'pcm',
  ulaw: 'g711-mulaw',
  alaw: 'g711-alaw',
};

/** Matroska CodecID prefixes → codec names (the CodecID sits in the Tracks element, before any media). */
const MATROSKA_CODEC_IDS: [string, string][] = [
  ['A_OPUS', 'opus'],
  ['A_VORBIS', 'vorbis'],
  ['A_AAC', 'aac'],
  ['A_FLAC', 'flac'],
  ['A_MPEG/L3', 'mp3'],
  ['A_ALAC', 'alac'],
  ['A_AC3', 'ac3'],
  ['A_EAC3', 'eac3'],
  ['A_DTS', 'dts'],
  ['A_PCM', 'pcm'],
];

export async function webmCodecName(reader: ByteSource): Promise<string> {
  const head = latin1(await reader.read(0, SCAN_BYTES));
  let best: { at: number; name: string } | undefined;
  for (const [id, name] of MATROSKA_CODEC_IDS) {
    const at = head.indexOf(id);
    if (at >= 0 && (best === undefined || at < best.at)) best = { at, name };
  }
  return best?.name ?? 'unknown';
}

export async function mp4CodecName(reader: ByteSource): Promise<string> {
  const moov = (await topLevelBoxes(reader)).find((box) => box.type === 'moov');
  if (moov === undefined) return 'unknown';
  const bytes = await reader.read(moov.offset, SCAN_BYTES);
  const text = latin1(bytes);
  // stsd: size(4) 'stsd' version+flags(4) entryCount(4), then the first entry: size(4) type(4).
  for (let at = text.indexOf('stsd'); at >= 0; at = text.indexOf('stsd', at + 4)) {
    const type = text.slice(at + 16, at + 20);
    const name = MP4_SAMPLE_ENTRIES[type];
    if (name !== undefined) return name === 'aac' && isMp3InEsds(bytes, at) ? 'mp3' : name;
  }
  return 'unknown';
}

/** An 'mp4a' entry whose esds objectTypeIndication is 0x69/0x6B holds MPEG audio (MP3), not AAC. */
function isMp3InEsds(bytes: Uint8Array, stsdAt: number): boolean {
  const esds = latin1(bytes.subarray(stsdAt, stsdAt + 512)).indexOf('esds');
  if (esds < 0) return false;
  let at = stsdAt + esds + 4 + 4; // past the type and version/flags
  const byte = (): number => bytes[at++] ?? 0;
  const skipSize = (): void => {
    for (let i = 0; i < 4 && (byte() & 0x80) !== 0; i++); // expandable size: up to 4 bytes, high bit = more
  };
  if (byte() !== 0x03) return false; // ES_Descriptor
  skipSize();
  at += 2; // ES_ID
  const flags = byte();
  if (flags & 0x80) at += 2; // dependsOn_ES_ID
  if (flags & 0x40) at += 1 + (bytes[at] ?? 0); // URL
  if (flags & 0x20) at += 2; // OCR_ES_Id
  if (byte() !== 0x04) return false; // DecoderConfigDescriptor
  skipSize();
  const objectType = byte();
  return objectType === 0x69 || objectType === 0x6b;
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

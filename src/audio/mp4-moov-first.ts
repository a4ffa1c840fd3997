// Presents an MP4 whose 'moov' (the index) comes after its media as if it came first, the way
// qt-faststart rewrites files, without rewriting anything on disk.
//
// Why: the MP4 decoder cannot place a single sample before it has seen the moov, so for a
// moov-at-the-end file (ffmpeg's default) it buffers the whole file and then decodes all of it in one
// call: ~2.7 GB of float PCM for an hour of 44.1 kHz stereo. Moving the moov to the front lets it
// decode as the bytes arrive, in bounded memory.
//
// Layout [head][mdat…][moov][tail] is presented as [head][moov′][mdat…][tail], where moov′ has every
// chunk offset that points into [mdat…] increased by the moov's size ('stco' and 'co64' tables).

import { fileError } from './audio-error';
import type { ByteSource } from './byte-source';
import { topLevelBoxes, walkBoxes } from './mp4-boxes';

/** A moov larger than this is not a plausible audio index; leave such files alone. */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;

export async function moovFirst(file: ByteSource): Promise<ByteSource> {
  const boxes = await topLevelBoxes(file);
  const moov = boxes.find((b) => b.type === 'moov');
  const firstMdat = boxes.find((b) => b.type === 'mdat');
  if (!moov || !firstMdat || moov.offset < firstMdat.offset || moov.size > MAX_MOOV_BYTES) return file;

  const moovBytes = await file.read(moov.offset, moov.size);
  if (moovBytes.length < moov.size) throw fileError('truncated', file.path, 'the MP4 index (moov box) is cut off');
  const shifted = (offset: number) => offset >= firstMdat.offset && offset < moov.offset;
  const view = new DataView(moovBytes.buffer, moovBytes.byteOffset, moovBytes.byteLength);
  walkBoxes(moovBytes, (type, body, end) => {
    if (type !== 'stco' && type !== 'co64') return;
    const entries = view.getUint32(body + 4); // after version and flags
    const width = type === 'stco' ? 4 : 8;
    for (let i = 0, at = body + 8; i < entries && at + width <= end; i++, at += width) {
      if (type === 'stco') {
        const offset = view.getUint32(at);
        if (!shifted(offset)) continue;
        const moved = offset + moov.size;
        if (moved > 0xffffffff) throw fileError('unsupported-format', file.path, 'this MP4 is too large to be read with its index at the end');
        view.setUint32(at, moved);
      } else {
        const offset = Number(view.getBigUint64(at));
        if (shifted(offset)) view.setBigUint64(at, BigInt(offset + moov.size));
      }
    }
  });

  const moovEnd = moov.offset + moov.size;
  return new SegmentedBytes(file, [
    { length: firstMdat.offset, from: { fileOffset: 0 } },
    { length: moov.size, from: { bytes: moovBytes } },
    { length: moov.offset - firstMdat.offset, from: { fileOffset: firstMdat.offset } },
    { length: file.size - moovEnd, from: { fileOffset: moovEnd } },
  ]);
}

interface Segment {
  length: number;
  from: { fileOffset: number } | { bytes: Uint8Array };
}

/** Bytes assembled from pieces of the file and pieces in memory. */
class SegmentedBytes implements ByteSource {
  readonly path: string;
  readonly size: number;

  constructor(
    private readonly file: ByteSource,
    private readonly segments: Segment[],
  ) {
    this.path = file.path;
    this.size = segments.reduce((n, s) => n + s.length, 0);
  }

  async read(position: number, length: number): Promise<Uint8Array> {
    const end = Math.min(this.size, position + length);
    const out = new Uint8Array(Math.max(0, end - position));
    let segmentStart = 0;
    for (const segment of this.segments) {
      const segmentEnd = segmentStart + segment.length;
      const from = Math.max(position, segmentStart);
      const to = Math.min(end, segmentEnd);
      if (from < to) {
        const within = from - segmentStart;
        const piece =
          'bytes' in segment.from
            ? segment.from.bytes.subarray(within, within + (to - from))
            : await this.file.read(segment.from.fileOffset + within, to - from);
        out.set(piece, from - position);
        if (piece.length < to - from) return out.subarray(0, from - position + piece.length);
      }
      segmentStart = segmentEnd;
    }
    return out;
  }
}

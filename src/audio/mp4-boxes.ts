// ISO BMFF (MP4/M4A/MOV) box headers: enough structure to find the 'moov' box and the chunk-offset
// tables inside it, without reading any media data.

import type { ByteSource } from './byte-source';

export interface Mp4Box {
  type: string;
  /** File offset of the box header. */
  offset: number;
  /** Whole box, header included. */
  size: number;
}

/** The top-level boxes, walking headers only (at most `limit` of them). */
export async function topLevelBoxes(bytes: ByteSource, limit = 10_000): Promise<Mp4Box[]> {
  const boxes: Mp4Box[] = [];
  let position = 0;
  while (position + 8 <= bytes.size && boxes.length < limit) {
    const header = await bytes.read(position, 16);
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    let size = view.getUint32(0); // big-endian, like everything in ISO BMFF
    if (size === 1 && header.length >= 16) size = Number(view.getBigUint64(8));
    else if (size === 0) size = bytes.size - position; // runs to the end of the file
    if (size < 8) break; // damaged: stop walking, let the decoder report it
    boxes.push({ type: boxType(header, 4), offset: position, size });
    position += size;
  }
  return boxes;
}

/** Boxes that only contain other boxes, on the path from 'moov' to the sample tables. */
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'edts', 'mvex', 'moof', 'traf']);

/** Calls `visit` for every box inside `bytes` (a whole box, header included), depth first. */
export function walkBoxes(bytes: Uint8Array, visit: (type: string, bodyOffset: number, bodyEnd: number) => void): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const walk = (start: number, end: number): void => {
    let position = start;
    while (position + 8 <= end) {
      let size = view.getUint32(position);
      let header = 8;
      if (size === 1 && position + 16 <= end) {
        size = Number(view.getBigUint64(position + 8));
        header = 16;
      } else if (size === 0) size = end - position;
      if (size < header || position + size > end) return;
      const type = boxType(bytes, position + 4);
      visit(type, position + header, position + size);
      if (CONTAINERS.has(type)) walk(position + header, position + size);
      position += size;
    }
  };
  walk(0, bytes.length);
}

export function boxType(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset] ?? 0, bytes[offset + 1] ?? 0, bytes[offset + 2] ?? 0, bytes[offset + 3] ?? 0);
}

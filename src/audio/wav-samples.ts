// WAV sample bytes (whole frames, interleaved, little-endian) → one Float32Array per channel in [-1, 1].
// Integer PCM is divided by its container's full scale (8-bit is unsigned, offset 128), so 20-bit
// samples left-justified in 24-bit containers come out right too.

import { A_LAW_TABLE, MU_LAW_TABLE } from './g711';
import type { WavFormat } from './wav-header';

export function wavBytesToChannels(bytes: Uint8Array, format: WavFormat): Float32Array[] {
  const { channels, blockAlign, bytesPerSample, encoding } = format;
  const frames = Math.floor(bytes.length / blockAlign);
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  for (let c = 0; c < channels; c++) {
    const channel = out[c]!;
    let offset = c * bytesPerSample;
    if (encoding === 'float') {
      if (bytesPerSample === 4) for (let i = 0; i < frames; i++, offset += blockAlign) channel[i] = v.getFloat32(offset, true);
      else for (let i = 0; i < frames; i++, offset += blockAlign) channel[i] = v.getFloat64(offset, true);
    } else if (encoding === 'mulaw' || encoding === 'alaw') {
      const table = encoding === 'mulaw' ? MU_LAW_TABLE : A_LAW_TABLE;
      for (let i = 0; i < frames; i++, offset += blockAlign) channel[i] = table[bytes[offset]!]!;
    } else if (bytesPerSample === 1) {
      for (let i = 0; i < frames; i++, offset += blockAlign) channel[i] = (bytes[offset]! - 128) / 128;
    } else if (bytesPerSample === 2) {
      for (let i = 0; i < frames; i++, offset += blockAlign) channel[i] = v.getInt16(offset, true) / 32768;
    } else if (bytesPerSample === 3) {
      for (let i = 0; i < frames; i++, offset += blockAlign) {
        const value = bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16);
        channel[i] = ((value << 8) >> 8) / 8388608; // sign-extend from 24 bits
      }
    } else {
      for (let i = 0; i < frames; i++, offset += blockAlign) channel[i] = v.getInt32(offset, true) / 2147483648;
    }
  }
  return out;
}

// G.711 µ-law and A-law expansion to linear 16-bit values (ITU-T G.711), as lookup tables.

function muLawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -magnitude : magnitude;
}

function aLawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  const sign = a & 0x80;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return sign ? magnitude : -magnitude;
}

function table(expand: (byte: number) => number): Float32Array {
  const out = new Float32Array(256);
  for (let b = 0; b < 256; b++) out[b] = expand(b) / 32768;
  return out;
}

/** byte → sample in [-1, 1). */
export const MU_LAW_TABLE = table(muLawToLinear);
export const A_LAW_TABLE = table(aLawToLinear);

// The 44-byte header of a mono 16-bit PCM WAV file: the format the app writes for playback and the
// benchmarks and reliability tools write as test audio. Sizes past 4 GiB are clamped (WAV cannot say more).
export const PCM16_HEADER_BYTES = 44;

export function pcm16MonoHeader(sampleCount: number, sampleRate = 16000): Uint8Array {
  const dataBytes = sampleCount * 2;
  const header = new Uint8Array(PCM16_HEADER_BYTES);
  const view = new DataView(header.buffer);
  const text = (offset: number, value: string) => [...value].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, Math.min(0xffffffff, 36 + dataBytes), true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // bytes per second
  view.setUint16(32, 2, true); // bytes per frame
  view.setUint16(34, 16, true); // bits per sample
  text(36, 'data');
  view.setUint32(40, Math.min(0xffffffff, dataBytes), true);
  return header;
}

/** A sample in [-1, 1] (clamped) as a 16-bit integer. */
export function toInt16(sample: number): number {
  return Math.round(Math.max(-1, Math.min(1, sample)) * 32767);
}

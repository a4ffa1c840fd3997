// 16 kHz mono samples as a 16-bit PCM WAV blob, so the waveform's media element can play audio the
// main process decoded (any format) without the page decoding it again.
import { PCM16_HEADER_BYTES, pcm16MonoHeader, toInt16 } from '../../shared/wav-header';

export function wavBlob(samples: Float32Array, sampleRate = 16000): Blob {
  const buffer = new ArrayBuffer(PCM16_HEADER_BYTES + samples.length * 2);
  new Uint8Array(buffer).set(pcm16MonoHeader(samples.length, sampleRate));
  const view = new DataView(buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(PCM16_HEADER_BYTES + i * 2, toInt16(samples[i]!), true);
  return new Blob([buffer], { type: 'audio/wav' });
}

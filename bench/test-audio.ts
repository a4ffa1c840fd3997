// Benchmark audio built from real speech: utterances joined with pauses. Short test utterances (2, 10,
// 30 s) are cut to exactly their nominal length; long files (1, 6, 60 min) are written to WAV chunk by
// chunk; the streaming file is leading silence, then speech. Same inputs every run (manifest order).

import { WavWriter, writeWav } from './wav-writer';
import type { SpeechPool } from './speech-pool';

export const SAMPLE_RATE = 16000;
const PAUSE_S = 0.4;

export interface TestUtterance {
  label: string;
  samples: Float32Array;
  durationS: number;
}

/** Speech joined with pauses, cut to exactly `seconds`. */
export async function speechOfLength(pool: SpeechPool, seconds: number): Promise<Float32Array> {
  const total = Math.round(seconds * SAMPLE_RATE);
  const out = new Float32Array(total);
  let at = 0;
  while (at < total) {
    const piece = await pool.take();
    out.set(piece.subarray(0, Math.min(piece.length, total - at)), at);
    at += piece.length + Math.round(PAUSE_S * SAMPLE_RATE);
  }
  return out;
}

/** Whole utterances joined with pauses, as many as fit in `seconds` (at least one): nothing cut mid-word. */
export async function wholeUtterances(pool: SpeechPool, seconds: number): Promise<Float32Array> {
  const pause = Math.round(PAUSE_S * SAMPLE_RATE);
  const pieces: Float32Array[] = [];
  let length = 0;
  for (;;) {
    const piece = await pool.take();
    if (pieces.length > 0 && length + pause + piece.length > seconds * SAMPLE_RATE) break;
    length += (pieces.length > 0 ? pause : 0) + piece.length;
    pieces.push(piece);
  }
  const out = new Float32Array(length);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length + pause;
  }
  return out;
}

export async function testUtterances(pool: SpeechPool, lengthsS: readonly number[]): Promise<TestUtterance[]> {
  pool.rewind();
  const utterances: TestUtterance[] = [];
  for (const seconds of lengthsS) utterances.push({ label: `${seconds} s`, samples: await speechOfLength(pool, seconds), durationS: seconds });
  return utterances;
}

/** A WAV file of `seconds` of speech joined with pauses; `onProgress` gets the seconds written. */
export async function writeLongFile(pool: SpeechPool, file: string, seconds: number, onProgress?: (writtenS: number) => void): Promise<void> {
  pool.rewind();
  const writer = await WavWriter.create(file);
  const pause = new Float32Array(Math.round(0.6 * SAMPLE_RATE));
  let lastReport = 0;
  while (writer.durationS < seconds) {
    const piece = await pool.take();
    const room = Math.round((seconds - writer.durationS) * SAMPLE_RATE);
    await writer.append(piece.length <= room ? piece : piece.subarray(0, room));
    if (writer.durationS < seconds) await writer.append(pause.subarray(0, Math.min(pause.length, Math.round((seconds - writer.durationS) * SAMPLE_RATE))));
    if (onProgress && writer.durationS - lastReport >= 300) onProgress((lastReport = writer.durationS));
  }
  await writer.close();
}

export interface StreamingFile {
  file: string;
  durationS: number;
  /** Where speech starts and ends, by energy (first and last 10 ms frame above -40 dBFS). */
  onsetS: number;
  endS: number;
}

/** Leading silence, then `speech`: the file played through the file-backed microphone. */
export async function writeStreamingFile(file: string, speech: Float32Array, leadingSilenceS = 1): Promise<StreamingFile> {
  const lead = Math.round(leadingSilenceS * SAMPLE_RATE);
  const samples = new Float32Array(lead + speech.length);
  samples.set(speech, lead);
  await writeWav(file, samples);
  const { first, last } = speechExtent(samples);
  return { file, durationS: samples.length / SAMPLE_RATE, onsetS: first, endS: last };
}

/** First and last 10 ms frame whose RMS is above -40 dBFS, in seconds (start of first, end of last). */
export function speechExtent(samples: Float32Array, thresholdDb = -40): { first: number; last: number } {
  const hop = SAMPLE_RATE / 100;
  const threshold = 10 ** (thresholdDb / 20);
  let first = -1;
  let last = -1;
  for (let f = 0; (f + 1) * hop <= samples.length; f++) {
    let sum = 0;
    for (let i = f * hop; i < (f + 1) * hop; i++) sum += samples[i]! * samples[i]!;
    if (Math.sqrt(sum / hop) > threshold) {
      if (first < 0) first = f;
      last = f;
    }
  }
  if (first < 0) return { first: 0, last: samples.length / SAMPLE_RATE };
  return { first: (first * hop) / SAMPLE_RATE, last: ((last + 1) * hop) / SAMPLE_RATE };
}

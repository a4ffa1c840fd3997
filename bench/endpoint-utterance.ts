// One sentence through the live path as the app runs it, with a given end-of-speech pause: 100 ms chunks,
// CTC beam partials, and whenever a partial says the speech ended, that utterance is finalised with the
// chosen decoder and a new one starts (what the app's live session does); at the end of the audio whatever
// holds words is finalised too. Not in real time: the audio positions are what is measured, and the CPU
// spent on each final decode.

import { type DecodeOptions, fastFinalOptions, LiveTranscriber, type Recogniser } from '../src/core';
import { StreamingFeatureExtractor } from '../src/audio';

export interface EndpointRun {
  /** The finals' text joined, as the live transcript ends up. */
  text: string;
  /** Utterances the sentence became (1: the pause never cut it). */
  pieces: number;
  /** Audio positions (seconds) where the endpointer ended an utterance. */
  ends: number[];
  /** The end that closed the sentence: the last one, when no words came after it (else the audio ran out first). */
  closedAt: number | undefined;
  /** CPU milliseconds of each final decode (with the encoder's flush), fast final first where AT is chosen. */
  finalCpuMs: number[];
}

export async function runLive(
  recogniser: Recogniser,
  audio: Float32Array,
  options: { pauseS: number; decoder: DecodeOptions; partialBeam: number; chunkSamples: number },
): Promise<EndpointRun> {
  const partials = { beam: options.partialBeam };
  const final = fastFinalOptions(options.decoder, partials) ?? options.decoder;
  const start = () => new LiveTranscriber(recogniser, undefined, partials, { pauseS: options.pauseS });
  const features = new StreamingFeatureExtractor();
  const texts: string[] = [];
  const ends: number[] = [];
  const finalCpuMs: number[] = [];
  const finish = async (live: LiveTranscriber) => {
    const cpu = process.cpuUsage();
    const recognition = await live.finish(final);
    const used = process.cpuUsage(cpu);
    finalCpuMs.push((used.user + used.system) / 1000);
    texts.push((final === options.decoder ? recognition : await live.refine(options.decoder)).decoded.text.trim());
  };
  let live = start();
  let words = false;
  for (let at = 0; at < audio.length; at += options.chunkSamples) {
    const end = Math.min(audio.length, at + options.chunkSamples);
    const block = features.push(audio.subarray(at, end));
    const partial = await live.push(block.frames, block.nFrames);
    words ||= `${partial.text}${partial.pending}`.trim() !== '';
    if (partial.speechEnded) {
      ends.push(end / recogniser.config.features.sampleRate);
      await finish(live);
      live = start();
      words = false;
    }
  }
  if (words) await finish(live);
  return { text: texts.filter((t) => t !== '').join(' '), pieces: Math.max(1, texts.length), ends, closedAt: words ? undefined : ends.at(-1), finalCpuMs };
}

// Live latency through the file-backed microphone: a WAV file (leading silence, then speech) is played
// in real time (100 ms chunks, as a microphone delivers them), its features are computed as chunks
// arrive (the front end's StreamingFeatureExtractor), and LiveTranscriber gives a CTC partial after
// every chunk (beam search with the language model, as the app's default settings run it). When a partial
// says the speech ended (the core's SpeechEndpointer: a quiet stretch with CTC blank after the last
// character), the utterance is finalised as the app does it (fastFinalOptions: AT finalises with CTC beam
// search first, then refine() gives AT's words) and the next utterance starts; at the end of the file
// whatever holds speech is finalised too.
//   first-partial latency: wall time from the moment speech onset was played to the first non-empty partial
//   (its final text and the pending text of the frames still waiting for look-ahead, as the app shows it);
//   final latency: wall time from the moment the last speech frame was played to the final text of the
//   utterance holding it (refined latency: to the chosen decoder's words, where they come second).
import { type DecodeOptions, fastFinalOptions, LiveTranscriber, now, type Recogniser } from '../src/core';
import { attachFeatureExtractor, createFileSource } from '../src/audio';
import { DEFAULT_SETTINGS } from '../src/shared/default-settings';
import type { StreamingFile } from './test-audio';

export interface StreamingLatency {
  decoder: string;
  window: { left: number; right: number };
  audioS: number;
  onsetS: number;
  speechEndS: number;
  firstPartialMs: number | undefined;
  /** To the first final words of the utterance holding the speech end (CTC beam search's, for AT). */
  finalMs: number;
  // The fields below are absent from results saved before the endpointer (2026-12-07).
  /** To the chosen decoder's words when a fast final came first (AT), else the same as finalMs. */
  refinedMs?: number;
  /** Audio after the speech end the source still had to play (finalMs no longer waits for it). */
  trailingAudioMs: number;
  /** Utterances the endpointer closed before the file ended. */
  utterances?: number;
  /**
   * Load-independent parts of the final latency: audio played between the speech end and the partial that
   * said the speech ended (the endpointer's wait, the encoder's look-ahead, the chunk; undefined when the file
   * ended first), and the CPU time of the final decode (with the encoder's flush) and of the refinement.
   */
  endpointAudioMs?: number | undefined;
  /** Audio played between the speech onset and the chunk whose partial first showed words (the wait, not the compute). */
  firstPartialAudioMs?: number | undefined;
  finalCpuMs?: number;
  refineCpuMs?: number;
  /** Mean CTC partial update cost per 100 ms chunk (features excluded). */
  partialUpdateMs: number;
  /**
   * How far behind real time the partials were when the audio ended: the moment the last chunk's
   * partial was ready minus the moment the file's end was played. ONNX Runtime's WASM runs on the
   * event loop, so a slow chunk also delays the source's next chunk; this counts both.
   */
  lagAtEndMs: number;
  finalText: string;
}

export async function measureStreaming(recogniser: Recogniser, audio: StreamingFile, decoder: { name: string; options: DecodeOptions }): Promise<StreamingLatency> {
  const partials = { beam: DEFAULT_SETTINGS.ctcBeam };
  const fast = fastFinalOptions(decoder.options, partials);
  let live = new LiveTranscriber(recogniser, undefined, partials);
  let spoken = false;
  const source = createFileSource(audio.file, { realtime: true, chunkMs: 100 });
  let queue = Promise.resolve();
  let firstPartialAt: number | undefined;
  let firstPartialAudioS: number | undefined;
  let pushMs = 0;
  let pushes = 0;
  let utterances = 0;
  const finals: { at: number; refinedAt: number; text: string; audioS: number | undefined; cpuMs: number; refineCpuMs: number }[] = [];
  const { hopSize, sampleRate } = recogniser.config.features;
  let playedS = 0;
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const finalise = async (transcriber: LiveTranscriber, audioS: number | undefined) => {
    const cpu = process.cpuUsage();
    const first = await transcriber.finish(fast ?? decoder.options);
    const at = now();
    const finalCpu = cpuMs(cpu);
    const refineCpu = process.cpuUsage();
    const refined = fast ? await transcriber.refine(decoder.options) : first;
    finals.push({ at, refinedAt: now(), text: refined.decoded.text, audioS, cpuMs: finalCpu, refineCpuMs: fast ? cpuMs(refineCpu) : 0 });
  };
  attachFeatureExtractor(source, (block) => {
    queue = queue.then(async () => {
      const t0 = now();
      const partial = await live.push(block.frames, block.nFrames);
      playedS += (block.nFrames * hopSize) / sampleRate;
      pushMs += now() - t0;
      pushes++;
      const shown = `${partial.text}${partial.pending}`.trim();
      if (shown !== '') spoken = true;
      if (firstPartialAt === undefined && shown !== '') {
        firstPartialAt = now();
        firstPartialAudioS = playedS;
      }
      if (partial.speechEnded) {
        const ended = live;
        live = new LiveTranscriber(recogniser, undefined, partials);
        spoken = false;
        utterances++;
        await finalise(ended, playedS);
      }
    });
  });
  const ended = new Promise<void>((resolve) => source.on('end', () => resolve()));
  await source.start();
  const startedAt = now();
  await ended;
  await queue;
  const lagAtEndMs = now() - (startedAt + audio.durationS * 1000);
  if (spoken || finals.length === 0) await finalise(live, undefined);
  const speechEndAt = startedAt + audio.endS * 1000;
  // The utterance holding the speech end: the first one ended after it in the audio (or by the end of the file).
  const last = finals.find((f) => f.audioS === undefined || f.audioS >= audio.endS) ?? finals[finals.length - 1]!;
  return {
    decoder: decoder.name,
    window: live.window,
    audioS: audio.durationS,
    onsetS: audio.onsetS,
    speechEndS: audio.endS,
    firstPartialMs: firstPartialAt === undefined ? undefined : firstPartialAt - (startedAt + audio.onsetS * 1000),
    finalMs: last.at - speechEndAt,
    refinedMs: last.refinedAt - speechEndAt,
    trailingAudioMs: (audio.durationS - audio.endS) * 1000,
    utterances,
    firstPartialAudioMs: firstPartialAudioS === undefined ? undefined : (firstPartialAudioS - audio.onsetS) * 1000,
    endpointAudioMs: last.audioS === undefined ? undefined : (last.audioS - audio.endS) * 1000,
    finalCpuMs: last.cpuMs,
    refineCpuMs: last.refineCpuMs,
    partialUpdateMs: pushes > 0 ? pushMs / pushes : 0,
    lagAtEndMs,
    finalText: finals.map((f) => f.text.trim()).filter((t) => t !== '').join(' '),
  };
}

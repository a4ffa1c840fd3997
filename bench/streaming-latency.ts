// Live latency through the file-backed microphone: a WAV file (leading silence, then speech) is played
// in real time (100 ms chunks, as a microphone delivers them), its features are computed as chunks
// arrive (the front end's StreamingFeatureExtractor), and LiveTranscriber gives a CTC partial after
// every chunk (beam search with the language model, as the app's default settings run it) and the final
// decode when the source ends.
//   first-partial latency: wall time from the moment speech onset was played to the first non-empty partial;
//   final latency: wall time from the moment the last speech frame was played to the final text
//   (this includes the trailing audio of the file still to be played, reported separately).

import { type DecodeOptions, LiveTranscriber, now, type Recogniser } from '../src/core';
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
  finalMs: number;
  /** Audio after the speech end the source still had to play (part of finalMs). */
  trailingAudioMs: number;
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
  const live = new LiveTranscriber(recogniser, undefined, { beam: DEFAULT_SETTINGS.ctcBeam });
  const source = createFileSource(audio.file, { realtime: true, chunkMs: 100 });
  let queue = Promise.resolve();
  let firstPartialAt: number | undefined;
  let pushMs = 0;
  let pushes = 0;
  attachFeatureExtractor(source, (block) => {
    queue = queue.then(async () => {
      const t0 = now();
      const partial = await live.push(block.frames, block.nFrames);
      pushMs += now() - t0;
      pushes++;
      if (firstPartialAt === undefined && partial.text.trim() !== '') firstPartialAt = now();
    });
  });
  const ended = new Promise<void>((resolve) => source.on('end', () => resolve()));
  await source.start();
  const startedAt = now();
  await ended;
  await queue;
  const lagAtEndMs = now() - (startedAt + audio.durationS * 1000);
  const recognition = await live.finish(decoder.options);
  const finalAt = now();
  return {
    decoder: decoder.name,
    window: live.window,
    audioS: audio.durationS,
    onsetS: audio.onsetS,
    speechEndS: audio.endS,
    firstPartialMs: firstPartialAt === undefined ? undefined : firstPartialAt - (startedAt + audio.onsetS * 1000),
    finalMs: finalAt - (startedAt + audio.endS * 1000),
    trailingAudioMs: (audio.durationS - audio.endS) * 1000,
    partialUpdateMs: pushes > 0 ? pushMs / pushes : 0,
    lagAtEndMs,
    finalText: recognition.decoded.text,
  };
}

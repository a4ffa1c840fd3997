// Live transcription: a recording (microphone, or a file played in real time) streams feature
// frames from the main process; they go to the worker's streaming encoder, whose CTC partial is shown
// while the user speaks. When a partial says the speech ended (the core's SpeechEndpointer: a quiet
// stretch with CTC blank after the last character, or the longest utterance), the utterance is finalised
// and the next starts: with the chosen decoder when it is fast (NAT, CTC), else first with CTC beam search
// (fastFinalOptions) so final words show at once, then the chosen decoder's words replace them (liveRefine).
// Stopping collects every captured sample: the main process delivers all feature frames before
// stopRecording's reply, so the last words are decoded before the session ends.

import type { Recognition } from '../../core/recogniser';
import type { CoreClient } from './core-engine';
import type { RecordingSource, StoredRunStats, TranscriptionResult, WorkbenchSettings } from '../../shared/contract';
import type { Store } from '../state/store';
import type { ItemAudio, ModelState, WorkbenchState } from '../state/types';
import type { WorkbenchApi } from '../workbench-api';
import { fastFinalOptions } from '../../core/live';
import { combineStats } from '../../core/stats';
import { runSettings, type RunSettings } from '../../core/run-settings';
import { decodeOptions, FEATURE_FRAME_S, type FinishedRunOutput, type HeldView } from './transcription';
import { concatenateFloats } from '../../shared/samples';
import { overviewOf } from '../state/audio-overview';
import { boundViews, nextUse } from '../state/segment-views';

/** Frames pushed to the worker at a time (0.1 s, a microphone's chunk): the end of speech is seen within it. */
const PUSH_FRAMES = 10;

export interface LiveDependencies {
  core(): CoreClient | undefined;
  ready(): Promise<void>;
  settings(): WorkbenchSettings;
  model(): ModelState;
  /** `run` is absent when no model was loaded: the recording is kept, untranscribed. */
  onFinished(done: { name: string; source: string; audio: ItemAudio; run?: FinishedRunOutput }): void;
  onError(error: unknown): void;
}

let recordingCounter = 0;

export class LiveSession {
  private sessionId: string | undefined;
  private active = false;
  private transcribing = false;
  private source: RecordingSource | undefined;
  private frames: Float32Array[] = [];
  private frameCount = 0;
  private nMels = 80;
  private pending: Float32Array[] = [];
  private pendingFrames = 0;
  private utteranceStart = 0;
  /** Frames sent to the worker so far (the current utterance's end when a partial says it ended). */
  private sentFrames = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private segments: TranscriptionResult['segments'] = [];
  private stats: StoredRunStats[] = [];
  private views: HeldView[] = [];
  /** What the last utterance's final decode ran with. */
  private ran: RunSettings | undefined;
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly api: WorkbenchApi,
    private readonly store: Store<WorkbenchState>,
    private readonly deps: LiveDependencies,
  ) {
    this.unsubscribe = [
      api.on.featureFrames((f) => this.mine(f.sessionId) && this.onFrames(f.frames, f.nMels)),
      api.on.audioLevel((l) => this.mine(l.sessionId) && this.setLive({ level: l.peak })),
      api.on.recordingStopped((s) => {
        if (!this.mine(s.sessionId) || s.reason === 'user') return;
        if (s.reason !== 'end-of-file') deps.onError({ code: s.reason, message: s.message ?? `Recording stopped: ${s.reason}` });
        void this.stop();
      }),
    ];
  }

  dispose(): void {
    this.unsubscribe.forEach((off) => off());
  }

  private mine(sessionId: string): boolean {
    if (!this.active) return false;
    // Events may arrive before startRecording's reply names the session.
    this.sessionId ??= sessionId;
    return this.sessionId === sessionId;
  }

  private setLive(change: Partial<WorkbenchState['live']>): void {
    this.store.update((s) => ({ ...s, live: { ...s.live, ...change } }));
  }

  async start(source: RecordingSource): Promise<void> {
    if (this.active) return;
    this.setLive({ status: 'starting', source: source.kind, partial: '', finals: [], seconds: 0, level: 0 });
    // Without a model the audio is still recorded (and kept); it is just not transcribed.
    this.transcribing = await this.deps.ready().then(
      () => !!this.deps.core() && !!this.deps.model().loaded,
      () => false,
    );
    Object.assign(this, { active: true, sessionId: undefined, source, frames: [], frameCount: 0, pending: [], pendingFrames: 0, utteranceStart: 0, sentFrames: 0, segments: [], stats: [], views: [], ran: undefined });
    if (this.transcribing) this.enqueue(() => this.deps.core()!.liveStart(this.startOptions()));
    else this.setLive({ partial: 'no model loaded: recording without transcription' });
    try {
      const { sessionId } = await this.api.startRecording({ source });
      this.sessionId = sessionId;
      this.setLive({ status: 'recording', sessionId });
    } catch (error) {
      this.active = false;
      this.setLive({ status: 'idle' });
      this.deps.onError(error);
    }
  }

  async stop(): Promise<void> {
    if (!this.active || !this.sessionId || this.store.state.live.status === 'finishing') return;
    this.setLive({ status: 'finishing' });
    try {
      const recording = await this.api.stopRecording({ sessionId: this.sessionId });
      this.flushPending();
      this.finaliseUtterance();
      // A finish may queue its refinement behind it: wait until the chain stops growing.
      for (let chain = this.chain; ; chain = this.chain) {
        await chain;
        if (chain === this.chain) break;
      }
      const features = concatenateFloats(this.frames);
      const durationS = recording.durationS;
      const run: FinishedRunOutput | undefined = !this.transcribing ? undefined : {
        ran: this.ran ?? runSettings(this.deps.model().loaded!.config, { ...decodeOptions(this.deps.settings()), window: this.startOptions().window }),
        decoder: this.deps.settings().decoder,
        text: this.segments.map((s) => s.text).filter((t) => t.length > 0).join(' '),
        segments: this.segments,
        stats: combineStats(this.stats, { decoder: this.deps.settings().decoder, backend: this.deps.model().loaded?.backend ?? 'wasm', audioS: durationS, featureMs: 0 }),
        views: this.views,
      };
      const name = this.source?.kind === 'file' ? `Live: ${this.source.path.split(/[\\/]/).pop()}` : `Recording ${++recordingCounter}`;
      this.deps.onFinished({
        name,
        source: this.source?.kind === 'file' ? this.source.path : 'microphone',
        // A recording exists only here (main keeps no file of it), so it is kept whole, whatever its length.
        audio: {
          durationS,
          warnings: [],
          nSamples: recording.samples.length,
          nFrames: this.frameCount,
          nMels: this.nMels,
          overview: overviewOf(recording.samples, features, this.frameCount, this.nMels),
          full: { samples: recording.samples, frames: features },
        },
        ...(run ? { run } : {}),
      });
    } catch (error) {
      this.deps.onError(error);
    } finally {
      this.active = false;
      this.setLive({ status: 'idle', level: 0 });
    }
  }

  private startOptions() {
    const settings = this.deps.settings();
    return {
      // Live needs bounded look-ahead: full context would wait for the end of the utterance.
      window: settings.truncated ? { left: settings.windowLeft, right: settings.windowRight } : this.deps.model().loaded!.streamingWindow,
      // Partials are CTC's: its beam search (with the language model unless it is off) as the CTC decoder runs it.
      partials: { beam: settings.ctcBeam, ...(settings.languageModel ? {} : { lmWeight: 0 }) },
    };
  }

  private onFrames(frames: Float32Array, nMels: number): void {
    this.nMels = nMels;
    const n = frames.length / nMels;
    this.frames.push(frames);
    this.frameCount += n;
    this.pending.push(frames);
    this.pendingFrames += n;
    this.setLive({ seconds: this.frameCount * FEATURE_FRAME_S });
    if (this.transcribing && this.pendingFrames >= PUSH_FRAMES) this.flushPending();
  }

  private flushPending(): void {
    if (this.pendingFrames === 0 || !this.transcribing) return;
    const features = concatenateFloats(this.pending);
    const nFrames = this.pendingFrames;
    this.pending = [];
    this.pendingFrames = 0;
    this.sentFrames += nFrames;
    const endFrame = this.sentFrames;
    this.enqueue(async () => {
      const partial = await this.deps.core()!.livePush({ features, nFrames });
      this.setLive({ partial: `${partial.text}${partial.pending}`.trim() });
      // Finalised inside this request, so the frames pushed after it start the next utterance.
      if (partial.speechEnded && this.active) {
        await this.finishUtterance(endFrame);
        await this.deps.core()!.liveStart(this.startOptions());
      }
    });
  }

  /** The utterance up to `endFrame` (the frames sent so far), when stopping. */
  private finaliseUtterance(): void {
    if (!this.transcribing) return;
    const endFrame = this.sentFrames;
    this.enqueue(() => this.finishUtterance(endFrame));
  }

  /** Runs inside the request chain: finalises the worker's utterance, which ends at `endFrame`. */
  private async finishUtterance(endFrame: number): Promise<void> {
    if (endFrame === this.utteranceStart) return;
    const offsetS = this.utteranceStart * FEATURE_FRAME_S;
    const endS = endFrame * FEATURE_FRAME_S;
    this.utteranceStart = endFrame;
    const options = decodeOptions(this.deps.settings());
    const fast = fastFinalOptions(options, this.startOptions().partials);
    const index = this.segments.length;
    this.record(index, offsetS, endS, await this.deps.core()!.liveFinish({ options: fast ?? options }));
    // The chosen decoder's words replace the fast ones; queued behind the pushes already sent, before the next finish.
    if (fast) this.enqueue(async () => this.record(index, offsetS, endS, await this.deps.core()!.liveRefine({ options })));
  }

  /** Stores (or replaces) utterance `index`'s final result and shows its words. */
  private record(index: number, offsetS: number, endS: number, recognition: Recognition): void {
    const text = recognition.decoded.text.trim();
    const tokens = this.deps.model().loaded?.tokens ?? [];
    this.segments[index] = {
      start: offsetS,
      end: endS,
      text,
      words: recognition.words.map((w) => ({ word: w.word, start: w.start + offsetS, end: w.end + offsetS, confidence: w.confidence })),
    };
    this.stats[index] = recognition.stats;
    this.ran = recognition.ran;
    this.views[index] = {
      offsetS,
      endS,
      tokens: recognition.decoded.tokens.map((id) => tokens[id] ?? `#${id}`),
      tokenTimes: recognition.tokenTimes.map((t) => ({ start: t.start + offsetS, end: t.end + offsetS })),
      attention: recognition.decoded.attention,
      encoderFrames: recognition.encoder.frames,
      encoderFrameS: this.deps.model().loaded!.config.architecture.frameMs / 1000,
      window: recognition.encoder.window,
      usedAt: nextUse(),
    };
    // a long recording keeps the attention of its last few utterances only, as a file's run does
    this.views = boundViews(this.views);
    this.store.update((s) => {
      const finals = [...s.live.finals];
      const at = finals.findIndex((f) => f.start === offsetS);
      if (at >= 0) finals[at] = { start: offsetS, end: endS, text };
      else finals.push({ start: offsetS, end: endS, text });
      return { ...s, live: { ...s.live, partial: at >= 0 ? s.live.partial : '', finals } };
    });
  }

  /** Worker requests in order; a failure is reported and the chain goes on. */
  private enqueue(work: () => Promise<unknown>): void {
    this.chain = this.chain.then(work).catch((error: unknown) => this.deps.onError(error));
  }
}

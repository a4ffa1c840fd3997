// Live transcription: a recording (microphone, or a file played in real time) streams feature
// frames from the main process; they go to the worker's streaming encoder, whose CTC partial is shown
// while the user speaks. A pause (or a long utterance) finalises the utterance with the chosen
// decoder and starts the next. Stopping collects every captured sample: the main process delivers
// all feature frames before stopRecording's reply, so the last words are decoded before the session
// ends.

import type { Recognition } from '../../core/recogniser';
import type { CoreClient } from './core-engine';
import type { RecordingSource, StoredRunStats, TranscriptionResult, WorkbenchSettings } from '../../shared/contract';
import type { Store } from '../state/store';
import type { ItemAudio, ModelState, WorkbenchState } from '../state/types';
import type { WorkbenchApi } from '../workbench-api';
import { combineStats } from '../../core/stats';
import { runSettings, type RunSettings } from '../../core/run-settings';
import { decodeOptions, FEATURE_FRAME_S, type FinishedRunOutput, type SegmentView } from './transcription';
import { concatenateFloats } from '../../shared/samples';

/** Frames pushed to the worker at a time (~0.16 s): fewer messages, still a fluid partial. */
const PUSH_FRAMES = 16;
const PAUSE_FRAMES = 50;
const MIN_UTTERANCE_FRAMES = 100;
const MAX_UTTERANCE_FRAMES = 1500;

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
  private silentRun = 0;
  private loudest = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private segments: TranscriptionResult['segments'] = [];
  private stats: StoredRunStats[] = [];
  private views: SegmentView[] = [];
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
    Object.assign(this, { active: true, sessionId: undefined, source, frames: [], frameCount: 0, pending: [], pendingFrames: 0, utteranceStart: 0, silentRun: 0, loudest: 0, segments: [], stats: [], views: [], ran: undefined });
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
      await this.chain;
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
        audio: { samples: recording.samples, durationS, warnings: [], frames: features, nFrames: this.frameCount, nMels: this.nMels },
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
    // Pause detection on mean log-mel energy, relative to the loudest frame so far.
    let endOfUtterance = false;
    for (let f = 0; f < n; f++) {
      let sum = 0;
      for (let m = 0; m < nMels; m++) sum += frames[f * nMels + m]!;
      const energy = sum / nMels;
      this.loudest = Math.max(this.loudest, energy);
      this.silentRun = energy < 0.25 * this.loudest ? this.silentRun + 1 : 0;
      const frame = this.frameCount - n + f + 1;
      const length = frame - this.utteranceStart;
      if ((this.silentRun >= PAUSE_FRAMES && length >= MIN_UTTERANCE_FRAMES) || length >= MAX_UTTERANCE_FRAMES) endOfUtterance = true;
    }
    if (!this.transcribing) return;
    if (this.pendingFrames >= PUSH_FRAMES || endOfUtterance) this.flushPending();
    if (endOfUtterance) {
      this.finaliseUtterance();
      this.enqueue(() => this.deps.core()!.liveStart(this.startOptions()));
    }
  }

  private flushPending(): void {
    if (this.pendingFrames === 0 || !this.transcribing) return;
    const features = concatenateFloats(this.pending);
    const nFrames = this.pendingFrames;
    this.pending = [];
    this.pendingFrames = 0;
    this.enqueue(async () => {
      const partial = await this.deps.core()!.livePush({ features, nFrames });
      this.setLive({ partial: partial.text.trim() });
    });
  }

  private finaliseUtterance(): void {
    if (this.frameCount === this.utteranceStart || !this.transcribing) return;
    const offsetS = this.utteranceStart * FEATURE_FRAME_S;
    const endS = this.frameCount * FEATURE_FRAME_S;
    this.utteranceStart = this.frameCount;
    this.silentRun = 0;
    const options = decodeOptions(this.deps.settings());
    this.enqueue(async () => {
      const recognition: Recognition = await this.deps.core()!.liveFinish({ options });
      const text = recognition.decoded.text.trim();
      const tokens = this.deps.model().loaded?.tokens ?? [];
      this.segments.push({
        start: offsetS,
        end: endS,
        text,
        words: recognition.words.map((w) => ({ word: w.word, start: w.start + offsetS, end: w.end + offsetS, confidence: w.confidence })),
      });
      this.stats.push(recognition.stats);
      this.ran = recognition.ran;
      this.views.push({
        offsetS,
        tokens: recognition.decoded.tokens.map((id) => tokens[id] ?? `#${id}`),
        tokenTimes: recognition.tokenTimes.map((t) => ({ start: t.start + offsetS, end: t.end + offsetS })),
        attention: recognition.decoded.attention,
        encoderFrames: recognition.encoder.frames,
        encoderFrameS: this.deps.model().loaded!.config.architecture.frameMs / 1000,
        window: recognition.encoder.window,
      });
      this.store.update((s) => ({ ...s, live: { ...s.live, partial: '', finals: [...s.live.finals, { start: offsetS, end: endS, text }] } }));
    });
  }

  /** Worker requests in order; a failure is reported and the chain goes on. */
  private enqueue(work: () => Promise<unknown>): void {
    this.chain = this.chain.then(work).catch((error: unknown) => this.deps.onError(error));
  }
}

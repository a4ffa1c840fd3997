// The loaded model: one inference engine (the worker behind core's supervised client) at a time, the
// model state the panes show (loading, ready with its backend, or the error), and recognition of audio
// blocks with the current settings once the model is there. A newer load replaces the engine; a load
// that finishes after it was replaced changes nothing.
import type { BackendChoice, BackendName } from '../../core/backend';
import type { AudioBlock } from '../../core/pipeline';
import type { DecoderKind } from '../../core/decoding';
import type { CoreClient, EngineEvents, LoadedModel } from '../engine/core-engine';
import type { RunSettings } from '../../core/run-settings';
import type { RangeApi } from '../engine/item-audio-access';
import { segmentFeatures, traceOptions, traceSegment, type SegmentSpan, type TracedSegment } from '../engine/trace-segment';
import { FEATURE_FRAME_S, recogniseBlocks, segmentView, type DroppedView, type FinishedRunOutput, type RunOptions, type SegmentView } from '../engine/transcription';
import { toShownError } from '../model';
import type { Store } from './store';
import type { ItemAudio, WorkbenchState } from './types';

/** What the session needs of an engine: the page's CoreEngine (a Web Worker), or one over a MessageChannel in tests. */
export interface ModelEngine {
  readonly client: CoreClient;
  load(bundle: string, backend: BackendChoice): Promise<LoadedModel>;
  dispose(): void;
}

export type CreateEngine = (events: EngineEvents) => ModelEngine;

export type RecogniseHooks = Pick<RunOptions, 'onProgress' | 'cancelled' | 'durationS'>;

export class ModelSession {
  private engine: ModelEngine | undefined;
  private ready: Promise<void> = Promise.resolve();

  /** `onReady` runs after each load that succeeds (a queue that waited for the model goes on). */
  constructor(
    private readonly store: Store<WorkbenchState>,
    private readonly createEngine: CreateEngine,
    private readonly onReady: () => void,
    /** Where a long item's exact audio is read again (main; absent without a bridge: only audio kept whole then). */
    private readonly range?: RangeApi,
  ) {}

  /** The current engine's client (the live session streams through it). */
  get client(): CoreClient | undefined {
    return this.engine?.client;
  }

  /** Settles when the current load does: rejects when it failed. */
  whenReady(): Promise<void> {
    return this.ready;
  }

  load(bundle: string, backend: BackendChoice): void {
    this.engine?.dispose();
    const engine = this.createEngine({
      onBackendChange: (name: BackendName, reason: string) => this.set({ model: { ...this.store.state.model, backendNote: `${label(name)} (switched: ${reason})` } }),
      onRestart: (reason: string, restarts: number) =>
        this.set({ error: { code: 'worker-restarted', message: `The inference worker stopped (${reason}) and was restarted (${restarts}×); the interrupted job was sent again.` } }),
    });
    this.engine = engine;
    this.set({ model: { status: 'loading', bundle } });
    this.ready = (async () => {
      try {
        const loaded = await engine.load(bundle, backend);
        if (this.engine !== engine) return;
        const backendNote = loaded.fallbackReason ? `${label(loaded.backend)} (fallback: ${loaded.fallbackReason})` : label(loaded.backend);
        this.set({ model: { status: 'ready', bundle, loaded, config: loaded.config, backendNote } });
      } catch (error) {
        if (this.engine !== engine) return;
        this.set({ model: { status: 'error', bundle, error: toShownError(error) } });
        throw error;
      }
    })();
    this.ready.catch(() => undefined);
    void this.ready.then(this.onReady, () => undefined);
  }

  /** Recognises blocks with the current settings (and `decoder`, when given, instead of the settings' decoder). */
  async recognise(blocks: AsyncIterable<AudioBlock> | Iterable<AudioBlock>, decoder?: DecoderKind, hooks: RecogniseHooks = {}): Promise<FinishedRunOutput> {
    await this.ready;
    const { loaded } = this.store.state.model;
    if (!this.engine || !loaded) throw new Error('no model is loaded');
    return recogniseBlocks(this.engine.client, blocks, { settings: this.store.state.settings, ...(decoder ? { decoder } : {}), model: loaded, ...hooks });
  }

  /** Decodes one segment of an item's audio again with a trace (the decoding explorer), with the current settings. */
  async traceSegment(audio: ItemAudio, span: SegmentSpan, decoder: DecoderKind, ran?: RunSettings): Promise<TracedSegment> {
    await this.ready;
    const { loaded } = this.store.state.model;
    if (!this.engine || !loaded) throw new Error('no model is loaded');
    return traceSegment(this.engine.client, loaded, this.store.state.settings, audio, span, decoder, ran, this.range);
  }

  /**
   * A dropped attention view made again (state/view-recompute.ts): the segment decoded again as the run decoded it
   * (`ran`: what it recorded; else the current settings), at the same offset, so its tokens are the run's.
   */
  async recomputeView(audio: ItemAudio, view: DroppedView, decoder: DecoderKind, ran?: RunSettings): Promise<SegmentView> {
    await this.ready;
    const { loaded } = this.store.state.model;
    if (!this.engine || !loaded) throw new Error('no model is loaded');
    const span = { start: view.offsetS, end: view.endS };
    const { first, frames, nFrames } = await segmentFeatures(this.range, audio, span);
    const options = traceOptions(this.store.state.settings, loaded, decoder, ran);
    const recognition = await this.engine.client.recognise({ features: frames, nFrames, options: { ...options, offsetSeconds: first * FEATURE_FRAME_S } });
    return segmentView(recognition, span, loaded);
  }

  dispose(): void {
    this.engine?.dispose();
    this.engine = undefined;
  }

  private set(change: Partial<WorkbenchState>): void {
    this.store.update((s) => ({ ...s, ...change }));
  }
}

function label(backend: BackendName): string {
  return backend === 'webgpu' ? 'WebGPU' : 'WASM';
}

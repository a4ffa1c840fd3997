// The decoding explorer's state: open or closed, which decoder and segment it traces, and the trace. It traces only
// while open, and only the segment shown: the selected item's result, that segment decoded again by the worker with
// core's trace on (engine/trace-segment.ts), so normal transcription records nothing. It follows the store: another
// item, segment, decoder, setting or model traces again; a trace that comes back after the wish changed is dropped.
import type { DecoderKind } from '../../core/decoding';
import type { RunSettings } from '../../core/run-settings';
import { toShownError } from '../model';
import { decodeOptions, encoderWindow } from '../engine/transcription';
import type { SegmentSpan, TracedSegment } from '../engine/trace-segment';
import { StepControl } from './step-control';
import type { Store } from './store';
import type { ExplorerState, Item, ItemAudio, WorkbenchState } from './types';

/** What the explorer needs of the model session. */
export interface SegmentTracer {
  traceSegment(audio: ItemAudio, span: SegmentSpan, decoder: DecoderKind, ran?: RunSettings): Promise<TracedSegment>;
}

interface Wanted {
  key: string;
  item: Item & { audio: ItemAudio };
  span: SegmentSpan;
  decoder: DecoderKind;
  /** What the shown run recorded it ran with, when the explorer traces that run's decoder. */
  ran: RunSettings | undefined;
}

export class Explorer {
  /** The AT step shown (reset to the first for each new trace). */
  readonly steps = new StepControl();

  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store<WorkbenchState>,
    private readonly tracer: SegmentTracer,
  ) {
    this.unsubscribe = store.subscribe(() => this.follow());
  }

  /** Stops following the store (and playing). */
  dispose(): void {
    this.steps.pause();
    this.unsubscribe();
  }

  private get state(): ExplorerState {
    return this.store.state.explorer;
  }

  private set(change: Partial<ExplorerState>): void {
    this.store.update((s) => ({ ...s, explorer: { ...s.explorer, ...change } }));
  }

  open(open: boolean): void {
    if (!open) this.steps.pause();
    this.set({ open });
  }

  toggle(): void {
    this.open(!this.state.open);
  }

  /** The decoder to trace (undefined: the shown run's). */
  chooseDecoder(decoder: DecoderKind | undefined): void {
    this.set({ decoder });
  }

  chooseSegment(segment: number): void {
    this.set({ segment });
  }

  /** Which layer and head the step's attention row shows (-1: the mean). */
  chooseHeads(layer: number, head: number): void {
    this.set({ layer, head });
  }

  /** The CTC lane's frame whose top-k is shown (undefined: none). */
  chooseFrame(frame: number | undefined): void {
    this.set({ frame });
  }

  /** What should be traced now: the selected item's segment, once its result, its audio and the model are there. */
  wanted(): Wanted | undefined {
    const { explorer, items, selectedId, model, settings } = this.store.state;
    const item = items.find((i) => i.id === selectedId);
    if (!explorer.open || !item?.run || !item.audio || model.status !== 'ready' || item.run.segments.length === 0) return undefined;
    const index = Math.max(0, Math.min(item.run.segments.length - 1, explorer.segment));
    const { start, end } = item.run.segments[index]!;
    const decoder = explorer.decoder ?? item.run.decoder;
    // the run's own settings reproduce its transcript; the current ones serve another decoder
    const ran = item.run.ran && item.run.ran.decoder === decoder ? item.run.ran : undefined;
    const unlimited = model.config?.architecture.trainedWindows.unlimited ?? 0;
    const asked = ran ?? [decodeOptions(settings, decoder), encoderWindow(settings, unlimited)];
    const key = JSON.stringify([item.id, item.resultId ?? '', index, start, end, decoder, asked, model.bundle]);
    return { key, item: item as Wanted['item'], span: { start, end }, decoder, ran };
  }

  /** Traces what is wanted when it changed; forgets the trace when nothing is. */
  follow(): void {
    const wanted = this.wanted();
    if (!wanted) {
      if (this.state.key !== undefined) {
        this.steps.reset(0);
        this.set({ key: undefined, itemId: undefined, traced: undefined, status: 'idle', error: undefined });
      }
      return;
    }
    if (wanted.key === this.state.key) return;
    const { key, item, span, decoder, ran } = wanted;
    this.steps.reset(0);
    this.set({ key, itemId: item.id, status: 'tracing', traced: undefined, error: undefined, frame: undefined });
    this.tracer.traceSegment(item.audio, span, decoder, ran).then(
      (traced) => {
        if (this.state.key !== key) return;
        this.steps.reset(traced.trace?.kind === 'at' ? traced.trace.steps.length : 0);
        this.set({ status: 'ready', traced });
      },
      (error: unknown) => {
        if (this.state.key !== key) return;
        this.set({ status: 'error', error: toShownError(error) });
      },
    );
  }
}

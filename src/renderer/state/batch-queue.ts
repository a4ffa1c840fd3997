// The batch queue: files opened, dropped or resumed run one job at a time (the inference worker runs one
// request at a time), in the order queued. A job opens its file in main (so the file's own problems show
// at once), waits for the model, then reads the file block by block while the model transcribes it, and
// stores the result. Jobs can be cancelled (queued or running), retried, and run again on audio already read.
import type { PendingFile } from '../../shared/contract';
import { AudioStreamReader } from '../engine/audio-stream-reader';
import { wholeAudio } from '../engine/item-audio-access';
import { CancelledError } from '../engine/transcription';
import { baseName, toShownError } from '../model';
import type { WorkbenchApi } from '../workbench-api';
import type { DroppedCopies } from './dropped-copies';
import { nextItemId, type Items } from './items';
import type { ModelSession } from './model-session';
import type { Store } from './store';
import type { StoredResults } from './stored-results';
import { dropped, isHeld } from './segment-views';
import type { Item, WorkbenchState } from './types';

/** Runs whose attention maps stay in memory. */
const KEEP_ATTENTION = 8;

export interface BatchQueueParts {
  api: WorkbenchApi;
  store: Store<WorkbenchState>;
  items: Items;
  model: Pick<ModelSession, 'whenReady' | 'recognise'>;
  copies: DroppedCopies;
  results: Pick<StoredResults, 'save' | 'refresh'>;
  report(cause: unknown): void;
}

export class BatchQueue {
  private running = false;
  private readonly cancelled = new Set<string>();
  /** Measured real-time factor of finished jobs, for ETAs. */
  private rtf = 0.5;

  constructor(private readonly parts: BatchQueueParts) {}

  private get state(): WorkbenchState {
    return this.parts.store.state;
  }

  async openFiles(): Promise<void> {
    try {
      const { paths } = await this.parts.api.chooseAudioFiles();
      this.enqueuePaths(paths);
    } catch (error) {
      this.parts.report(error);
    }
  }

  enqueuePaths(paths: readonly string[]): void {
    const queuedAt = new Date().toISOString();
    this.add(paths.map((path) => fileItem({ path, queuedAt })));
  }

  /** Queues dropped files; settles when their copies are written. */
  async enqueueDropped(files: readonly File[]): Promise<void> {
    const items: Item[] = [];
    const queuedAt = new Date().toISOString();
    for (const file of files) {
      items.push({ id: nextItemId(), name: file.name, source: file.name, kind: 'dropped', status: 'queued', progress: 0, queuedAt, bytes: new Uint8Array(await file.arrayBuffer()) });
    }
    // The copies are under way before the jobs start, so a job waits for its own copy.
    const kept = this.parts.copies.keep(items);
    this.add(items);
    await kept;
  }

  /** Queues the files a killed or crashed run left unfinished, with when they were first queued. */
  resumePending(): void {
    const offer = this.state.resumeOffer ?? [];
    this.parts.store.update((s) => ({ ...s, resumeOffer: undefined }));
    this.add(offer.map(fileItem));
  }

  dismissPending(): void {
    this.parts.store.update((s) => ({ ...s, resumeOffer: undefined }));
  }

  cancel(id: string): void {
    const item = this.parts.items.get(id);
    if (!item || item.status === 'done' || item.status === 'error' || item.status === 'cancelled') return;
    this.cancelled.add(id);
    if (item.status === 'queued') this.parts.items.patch(id, { status: 'cancelled', etaS: undefined });
  }

  retry(id: string): void {
    this.cancelled.delete(id);
    this.parts.items.patch(id, { status: 'queued', progress: 0, error: undefined, etaS: undefined });
    void this.run();
  }

  /** Runs an item again with the current decoder settings, on the audio already read. */
  rerun(id: string | undefined): void {
    const item = this.parts.items.get(id);
    if (!item?.audio || item.status === 'loading' || item.status === 'recognising' || item.status === 'queued') return;
    this.retry(item.id);
  }

  /** Runs the queued items, one at a time, until none is left; a second call while it runs does nothing. */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const next = this.state.items.find((i) => i.status === 'queued');
        if (!next) break;
        await this.runJob(next);
      }
    } finally {
      this.running = false;
    }
  }

  private add(items: Item[]): void {
    if (items.length === 0) return;
    this.parts.items.add(items);
    void this.run();
  }

  private async runJob(item: Item): Promise<void> {
    const { items, model } = this.parts;
    const id = item.id;
    const startedAt = performance.now();
    let reader: AudioStreamReader | undefined;
    let again: Awaited<ReturnType<typeof wholeAudio>> | undefined;
    try {
      // A file is opened before the model is awaited, so its own problems show at once; it is then read
      // block by block while the model transcribes it (progress from the first blocks on).
      if (!item.audio) {
        items.patch(id, { status: 'loading', progress: 0.02, startedAt });
        reader = await this.openAudio(item);
      }
      if (this.cancelled.has(id)) throw new CancelledError();
      if (!(await model.whenReady().then(() => true, () => false))) {
        // Without a model the file is still read, so its waveform and its own problems show.
        if (reader) items.patch(id, { audio: await reader.readAll(), bytes: undefined });
        throw Object.assign(new Error(`the model ${this.state.model.bundle} is not loaded: load a bundle, then retry`), { code: 'no-model' });
      }
      items.patch(id, { status: 'recognising', progress: 0.05, startedAt, ...(item.audio ? { etaS: item.audio.durationS * this.rtf } : {}) });
      const onProgress = (fraction: number) => {
        const elapsedS = (performance.now() - startedAt) / 1000;
        items.patch(id, { progress: 0.05 + 0.9 * fraction, etaS: fraction > 0 ? (elapsedS / fraction) * (1 - fraction) : undefined });
      };
      const cancelled = () => this.cancelled.has(id);
      // A rerun feeds the audio the item keeps whole, or (a long file, kept as an overview) streams the file from
      // main again, by the path of its first run.
      if (!reader) again = await wholeAudio(this.parts.api, item.audio!, { onProgress, cancelled });
      const run = reader
        ? await model.recognise(reader.blocks({ onProgress, cancelled }), undefined, { cancelled })
        : await model.recognise(again!.blocks, undefined, { cancelled, ...(item.audio!.full ? { onProgress, durationS: item.audio!.durationS } : {}) });
      const audio = reader ? reader.audio() : item.audio!;
      // Bytes still held (no copy could be kept) are only needed until the audio is read.
      if (reader) items.patch(id, { audio, bytes: undefined });
      if (this.cancelled.has(id)) throw new CancelledError();
      if (run.stats.rtf > 0) this.rtf = run.stats.rtf;
      const resultId = await this.parts.results.save(item, audio, run);
      items.patch(id, { status: 'done', progress: 1, etaS: 0, run, resultId, error: undefined });
      this.trimAttention(id);
      void this.parts.results.refresh();
    } catch (error) {
      if (error instanceof CancelledError || this.cancelled.has(id)) items.patch(id, { status: 'cancelled', etaS: undefined });
      else items.patch(id, { status: 'error', error: toShownError(error), etaS: undefined });
    } finally {
      await reader?.close();
      await again?.close();
      this.cancelled.delete(id);
    }
  }

  /** Opens a file item's audio for reading; a dropped file's from its copy when there is one (messages name the dropped file, not the copy). */
  private async openAudio(item: Item): Promise<AudioStreamReader> {
    const { api, copies, items } = this.parts;
    if (item.kind !== 'dropped') return new AudioStreamReader(api, (await api.openAudioStream({ path: item.source })).streamId, { path: item.source });
    const kept = await copies.pathOf(item);
    const current = items.get(item.id)!;
    if (kept) return new AudioStreamReader(api, (await api.openAudioStream({ path: kept, reportAs: current.name })).streamId, { path: kept, reportAs: current.name });
    // sent as bytes, with no file main could read again: the item keeps this audio whole, whatever its length
    return new AudioStreamReader(api, (await api.openDroppedAudioStream({ name: current.name, bytes: current.bytes! })).streamId);
  }

  /**
   * Attention maps are large (layers × heads × tokens × frames per segment) and not stored on disk: keep them for
   * the selected item and the most recent runs only (within an item, segment-views.ts bounds them). The others
   * keep each segment's span, so a view opened again is recomputed (view-recompute.ts).
   */
  private trimAttention(latest: string): void {
    const withViews = this.state.items.filter((i) => i.run?.views.some(isHeld));
    const keep = new Set([latest, this.state.selectedId, ...withViews.slice(-KEEP_ATTENTION).map((i) => i.id)]);
    this.parts.store.update((s) => ({
      ...s,
      items: s.items.map((i) => (keep.has(i.id) || !i.run?.views.some(isHeld) ? i : { ...i, run: { ...i.run, views: i.run.views.map(dropped) } })),
    }));
  }
}

function fileItem({ path, queuedAt, name }: PendingFile): Item {
  return { id: nextItemId(), name: name ?? baseName(path), source: path, kind: 'file', status: 'queued', progress: 0, queuedAt };
}

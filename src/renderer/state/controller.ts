// The workbench's behaviour, apart from how it looks: the batch queue (one job at a time, since the
// inference worker runs one request at a time), live sessions, compare runs, stored results,
// settings and the loaded model. Components read the store and call these methods.

import type { BackendName } from '../../core/backend';
import type { AudioBlock } from '../../core/pipeline';
import type { DecoderKind } from '../../core/decoding';
import { resultBody } from '../../core/result';
import type { ExportFormat, PendingFile, TranscriptionResult, WorkbenchSettings } from '../../shared/contract';
import { AudioStreamReader } from '../engine/audio-stream-reader';
import { CoreEngine } from '../engine/core-engine';
import { CancelledError, recogniseBlocks, type FinishedRunOutput } from '../engine/transcription';
import { LiveSession } from '../engine/live-session';
import { baseName, toShownError } from '../model';
import { DEFAULT_SETTINGS } from '../../shared/default-settings';
import type { WorkbenchApi } from '../workbench-api';
import { Store } from './store';
import type { Item, ItemAudio, WorkbenchState } from './types';

/** Runs whose attention maps stay in memory. */
const KEEP_ATTENTION = 8;

let itemCounter = 0;
const nextItemId = () => `item-${++itemCounter}`;

/** Playback of the selected item, registered by the waveform view (for shortcuts and menus). */
export interface Player {
  playPause(): void;
  seek(seconds: number): void;
}

export class WorkbenchController {
  readonly store = new Store<WorkbenchState>({
    settings: DEFAULT_SETTINGS,
    settingsLoaded: false,
    model: { status: 'loading', bundle: DEFAULT_SETTINGS.bundle },
    bundles: [],
    items: [],
    results: [],
    live: { status: 'idle', level: 0, partial: '', finals: [], seconds: 0 },
    view: 'transcript',
    showModel: false,
  });
  player: Player | undefined;
  private engine: CoreEngine | undefined;
  private modelReady: Promise<void> = Promise.resolve();
  private queueRunning = false;
  private cancelled = new Set<string>();
  /** A dropped file's copy being written (resolves to its path, or undefined when it could not be kept). */
  private keeping = new Map<string, Promise<string | undefined>>();
  private live: LiveSession | undefined;
  /** Measured real-time factor of finished jobs, for ETAs. */
  private rtf = 0.5;
  /** Bumped by dispose(), so a start() still awaiting after React's StrictMode remount stops there. */
  private generation = 0;
  /** The unfinished-files list as last saved (JSON), so only changes are written. */
  private savedPending: string | undefined;
  private stopPersisting: (() => void) | undefined;

  constructor(readonly api: WorkbenchApi | undefined) {}

  get state(): WorkbenchState {
    return this.store.state;
  }

  private set(change: Partial<WorkbenchState>): void {
    this.store.update((s) => ({ ...s, ...change }));
  }

  private patchItem(id: string, change: Partial<Item> | ((item: Item) => Partial<Item>)): void {
    this.store.update((s) => ({
      ...s,
      items: s.items.map((item) => (item.id === id ? { ...item, ...(typeof change === 'function' ? change(item) : change) } : item)),
    }));
  }

  item(id: string | undefined): Item | undefined {
    return this.state.items.find((i) => i.id === id);
  }

  report = (cause: unknown): void => this.set({ error: toShownError(cause) });
  dismissError = (): void => this.set({ error: undefined });

  // -- start-up ---------------------------------------------------------------------------------

  async start(): Promise<void> {
    if (!this.api) return;
    const api = this.api;
    const generation = ++this.generation;
    const settings = await api.getSettings().catch(() => DEFAULT_SETTINGS);
    if (generation !== this.generation) return;
    this.set({ settings, settingsLoaded: true });
    // The last run's unfinished files are read before anything is saved over them.
    const pending = await api.listPendingFiles().catch((error: unknown) => (this.report(error), [] as PendingFile[]));
    if (generation !== this.generation) return;
    if (pending.length > 0) this.set({ resumeOffer: pending });
    this.savedPending = JSON.stringify(pending);
    this.stopPersisting = this.store.subscribe(() => this.persistPending());
    void api.listModelBundles().then((bundles) => this.set({ bundles }), () => undefined);
    void this.refreshResults();
    this.live = new LiveSession(api, this.store, {
      core: () => this.engine?.client,
      ready: () => this.modelReady,
      settings: () => this.state.settings,
      model: () => this.state.model,
      onFinished: (item) => void this.addFinishedRecording(item),
      onError: this.report,
    });
    this.loadModel(settings.bundle, settings.backend);
  }

  dispose(): void {
    this.generation++;
    this.stopPersisting?.();
    this.stopPersisting = undefined;
    this.live?.dispose();
    this.live = undefined;
    this.engine?.dispose();
    this.engine = undefined;
  }

  // -- model ------------------------------------------------------------------------------------

  loadModel(bundle: string, backend: WorkbenchSettings['backend']): void {
    this.engine?.dispose();
    const engine = new CoreEngine({
      onBackendChange: (name: BackendName, reason: string) =>
        this.set({ model: { ...this.state.model, backendNote: `${label(name)} (switched: ${reason})` } }),
      onRestart: (reason: string, restarts: number) =>
        this.set({ error: { code: 'worker-restarted', message: `The inference worker stopped (${reason}) and was restarted (${restarts}×); the interrupted job was sent again.` } }),
    });
    this.engine = engine;
    this.set({ model: { status: 'loading', bundle } });
    this.modelReady = (async () => {
      try {
        const loaded = await engine.load(bundle, backend);
        const config = loaded.config;
        if (this.engine !== engine) return;
        const backendNote = loaded.fallbackReason ? `${label(loaded.backend)} (fallback: ${loaded.fallbackReason})` : label(loaded.backend);
        this.set({ model: { status: 'ready', bundle, loaded, config, backendNote } });
      } catch (error) {
        if (this.engine !== engine) return;
        this.set({ model: { status: 'error', bundle, error: toShownError(error) } });
        throw error;
      }
    })();
    this.modelReady.catch(() => undefined);
    // A queue that waited for the model goes on once it is there.
    void this.modelReady.then(() => this.runQueue(), () => undefined);
  }

  useBundle(bundle: string): void {
    this.updateSettings({ bundle });
    this.loadModel(bundle, this.state.settings.backend);
  }

  // -- settings ---------------------------------------------------------------------------------

  updateSettings(change: Partial<WorkbenchSettings>): void {
    const before = this.state.settings;
    const settings = { ...before, ...change };
    this.set({ settings });
    void this.api?.saveSettings({ settings }).catch(this.report);
    if (change.backend && change.backend !== before.backend) this.loadModel(settings.bundle, settings.backend);
  }

  useDecoder(decoder: DecoderKind): void {
    this.updateSettings({ decoder });
  }

  // -- batch ------------------------------------------------------------------------------------

  async openFiles(): Promise<void> {
    if (!this.api) return;
    try {
      const { paths } = await this.api.chooseAudioFiles();
      this.enqueuePaths(paths);
    } catch (error) {
      this.report(error);
    }
  }

  enqueuePaths(paths: readonly string[]): void {
    const queuedAt = new Date().toISOString();
    this.addItems(paths.map((path) => fileItem({ path, queuedAt })));
  }

  /** Queues the files a killed or crashed run left unfinished, with when they were first queued. */
  resumePending(): void {
    const offer = this.state.resumeOffer ?? [];
    this.set({ resumeOffer: undefined });
    this.addItems(offer.map(fileItem));
  }

  dismissPending(): void {
    this.set({ resumeOffer: undefined });
  }

  /**
   * Saves the files not finished yet (queued or running, and an offer not yet answered) whenever
   * that list changes, so a kill at any moment loses at most the job that was running. A dropped
   * file comes back from its copy in the app's data folder, under its own name.
   */
  private persistPending(): void {
    const unfinished = (i: Item) => i.status === 'queued' || i.status === 'loading' || i.status === 'recognising';
    const running = this.state.items.filter((i) => (i.kind === 'file' || (i.kind === 'dropped' && i.keptPath)) && unfinished(i));
    const files: PendingFile[] = [
      ...(this.state.resumeOffer ?? []),
      ...running.map((i) => ({
        path: i.keptPath ?? i.source,
        queuedAt: i.queuedAt ?? new Date(0).toISOString(),
        ...(i.kind === 'dropped' ? { name: i.name } : {}),
      })),
    ];
    const json = JSON.stringify(files);
    if (json === this.savedPending || !this.api) return;
    this.savedPending = json;
    this.api.savePendingFiles({ files }).catch(this.report);
  }

  async enqueueDropped(files: readonly File[]): Promise<void> {
    const items: Item[] = [];
    const queuedAt = new Date().toISOString();
    for (const file of files) {
      items.push({ id: nextItemId(), name: file.name, source: file.name, kind: 'dropped', status: 'queued', progress: 0, queuedAt, bytes: new Uint8Array(await file.arrayBuffer()) });
    }
    // Each dropped file crosses to main once: it is copied into the app's data folder (so a killed batch
    // can resume it) and the job then reads that copy. One copy at a time, in drop order, so a large drop
    // does not hold every file in flight at once.
    let previous: Promise<unknown> = Promise.resolve();
    for (const item of items) {
      const kept = previous.then(() => this.keepDropped(item));
      this.keeping.set(item.id, kept);
      previous = kept;
    }
    this.addItems(items);
    await previous;
  }

  /** Writes a dropped file's copy; its bytes stay in memory only when that fails (the job then sends them). */
  private async keepDropped(item: Item): Promise<string | undefined> {
    if (!this.api || !item.bytes) return undefined;
    try {
      const { path } = await this.api.keepDroppedFile({ name: item.name, bytes: item.bytes });
      if (this.item(item.id)) this.patchItem(item.id, { keptPath: path, bytes: undefined });
      return path;
    } catch (error) {
      this.report(error);
      return undefined;
    } finally {
      this.keeping.delete(item.id);
    }
  }

  /** Opens a file item's audio for reading; a dropped file's from its copy when there is one (messages name the dropped file, not the copy). */
  private async openAudio(item: Item): Promise<AudioStreamReader> {
    const api = this.api!;
    if (item.kind !== 'dropped') return new AudioStreamReader(api, (await api.openAudioStream({ path: item.source })).streamId);
    const kept = (await this.keeping.get(item.id)) ?? this.item(item.id)?.keptPath;
    const current = this.item(item.id)!;
    const opened = kept ? await api.openAudioStream({ path: kept, reportAs: current.name }) : await api.openDroppedAudioStream({ name: current.name, bytes: current.bytes! });
    return new AudioStreamReader(api, opened.streamId);
  }

  private addItems(items: Item[]): void {
    if (items.length === 0) return;
    this.store.update((s) => ({ ...s, items: [...s.items, ...items], selectedId: s.selectedId ?? items[0]!.id }));
    void this.runQueue();
  }

  cancel(id: string): void {
    const item = this.item(id);
    if (!item || item.status === 'done' || item.status === 'error' || item.status === 'cancelled') return;
    this.cancelled.add(id);
    if (item.status === 'queued') this.patchItem(id, { status: 'cancelled', etaS: undefined });
  }

  retry(id: string): void {
    this.cancelled.delete(id);
    this.patchItem(id, { status: 'queued', progress: 0, error: undefined, etaS: undefined });
    void this.runQueue();
  }

  /** Runs the selected item again with the current decoder settings. */
  rerun(id: string | undefined): void {
    const item = this.item(id);
    if (!item?.audio || item.status === 'loading' || item.status === 'recognising' || item.status === 'queued') return;
    this.retry(item.id);
  }

  private async runQueue(): Promise<void> {
    if (this.queueRunning || !this.api) return;
    this.queueRunning = true;
    try {
      for (;;) {
        const next = this.state.items.find((i) => i.status === 'queued');
        if (!next) break;
        await this.runJob(next);
      }
    } finally {
      this.queueRunning = false;
    }
  }

  private async runJob(item: Item): Promise<void> {
    const id = item.id;
    const startedAt = performance.now();
    let reader: AudioStreamReader | undefined;
    try {
      // A file is opened before the model is awaited, so its own problems show at once; it is then read
      // block by block while the model transcribes it (progress from the first blocks on).
      if (!item.audio) {
        this.patchItem(id, { status: 'loading', progress: 0.02, startedAt });
        reader = await this.openAudio(item);
      }
      if (this.cancelled.has(id)) throw new CancelledError();
      if (!(await this.modelReady.then(() => true, () => false))) {
        // Without a model the file is still read, so its waveform and its own problems show.
        if (reader) this.patchItem(id, { audio: await reader.readAll(), bytes: undefined });
        throw Object.assign(new Error(`the model ${this.state.model.bundle} is not loaded: load a bundle, then retry`), { code: 'no-model' });
      }
      this.patchItem(id, { status: 'recognising', progress: 0.05, startedAt, ...(item.audio ? { etaS: item.audio.durationS * this.rtf } : {}) });
      const onProgress = (fraction: number) => {
        const elapsedS = (performance.now() - startedAt) / 1000;
        this.patchItem(id, { progress: 0.05 + 0.9 * fraction, etaS: fraction > 0 ? (elapsedS / fraction) * (1 - fraction) : undefined });
      };
      const cancelled = () => this.cancelled.has(id);
      const run = reader
        ? await this.recogniseBlocks(reader.blocks({ onProgress, cancelled }), undefined, { cancelled })
        : await this.recogniseBlocks([wholeBlock(item.audio!)], undefined, { onProgress, cancelled, durationS: item.audio!.durationS });
      const audio = reader ? reader.audio() : item.audio!;
      // Bytes still held (no copy could be kept) are only needed until the audio is read.
      if (reader) this.patchItem(id, { audio, bytes: undefined });
      if (this.cancelled.has(id)) throw new CancelledError();
      if (run.stats.rtf > 0) this.rtf = run.stats.rtf;
      const result = this.toResult(item, audio, run);
      await this.api!.saveResult({ result });
      this.patchItem(id, { status: 'done', progress: 1, etaS: 0, run, resultId: result.id, error: undefined });
      this.trimAttention(id);
      void this.refreshResults();
    } catch (error) {
      if (error instanceof CancelledError || this.cancelled.has(id)) this.patchItem(id, { status: 'cancelled', etaS: undefined });
      else this.patchItem(id, { status: 'error', error: toShownError(error), etaS: undefined });
    } finally {
      await reader?.close();
      this.cancelled.delete(id);
    }
  }

  /**
   * Attention maps are large (layers × heads × tokens × frames per segment) and not stored on disk:
   * keep them for the selected item and the most recent runs only.
   */
  private trimAttention(latest: string): void {
    const keep = new Set([latest, this.state.selectedId, ...this.state.items.filter((i) => i.run?.views.length).slice(-KEEP_ATTENTION).map((i) => i.id)]);
    this.store.update((s) => ({
      ...s,
      items: s.items.map((i) => (keep.has(i.id) || !i.run?.views.length ? i : { ...i, run: { ...i.run, views: [] } })),
    }));
  }

  private async recogniseBlocks(
    blocks: AsyncIterable<AudioBlock> | Iterable<AudioBlock>,
    decoder: DecoderKind | undefined,
    hooks: { onProgress?(f: number): void; cancelled?(): boolean; durationS?: number } = {},
  ): Promise<FinishedRunOutput> {
    await this.modelReady;
    const { loaded } = this.state.model;
    if (!this.engine || !loaded) throw new Error('no model is loaded');
    return recogniseBlocks(this.engine.client, blocks, { settings: this.state.settings, ...(decoder ? { decoder } : {}), model: loaded, ...hooks });
  }

  /** The stored result of a run: the core's result builder, from what the run says it ran. */
  private toResult(item: Item, audio: ItemAudio, run: FinishedRunOutput): TranscriptionResult {
    return {
      id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      source: item.source,
      name: item.name,
      createdAt: new Date().toISOString(),
      ...resultBody(run, this.state.model.bundle, audio.durationS),
    };
  }

  // -- compare ----------------------------------------------------------------------------------

  async compare(id: string | undefined): Promise<void> {
    const item = this.item(id);
    if (!item?.audio) return;
    this.set({ view: 'compare' });
    this.patchItem(item.id, { comparing: true });
    try {
      const at = await this.recogniseBlocks([wholeBlock(item.audio)], 'at');
      const nat = await this.recogniseBlocks([wholeBlock(item.audio)], 'nat');
      this.patchItem(item.id, { compare: { at, nat } });
    } catch (error) {
      this.report(error);
    } finally {
      this.patchItem(item.id, { comparing: false });
    }
  }

  setView(view: WorkbenchState['view']): void {
    this.set({ view });
  }

  // -- results ----------------------------------------------------------------------------------

  async refreshResults(): Promise<void> {
    if (!this.api) return;
    try {
      this.set({ results: await this.api.listResults() });
    } catch (error) {
      this.report(error);
    }
  }

  /** Opens a stored result (e.g. from an earlier run of the app) as an item. */
  async openResult(resultId: string): Promise<void> {
    if (!this.api) return;
    const existing = this.state.items.find((i) => i.resultId === resultId);
    if (existing) return this.select(existing.id);
    try {
      const result = await this.api.readResult({ id: resultId });
      const item: Item = {
        id: nextItemId(),
        name: result.name,
        source: result.source,
        kind: 'stored',
        status: 'done',
        progress: 1,
        resultId,
        run: { decoder: result.stats.decoder, text: result.text, segments: result.segments, stats: result.stats, views: [] },
      };
      this.store.update((s) => ({ ...s, items: [...s.items, item], selectedId: item.id }));
      // Audio of a stored file result comes back when the file is still there (for the waveform).
      if (result.source.startsWith('/') || /^[A-Za-z]:[\\/]/.test(result.source)) {
        const api = this.api;
        api
          .openAudioStream({ path: result.source })
          .then(({ streamId }) => new AudioStreamReader(api, streamId).readAll())
          .then((audio) => this.patchItem(item.id, { audio }), () => undefined);
      }
    } catch (error) {
      this.report(error);
    }
  }

  async exportResult(resultId: string, format: ExportFormat): Promise<string> {
    if (!this.api) return '';
    try {
      return (await this.api.exportResult({ id: resultId, format })).path;
    } catch (error) {
      this.report(error);
      return '';
    }
  }

  async deleteResult(resultId: string): Promise<void> {
    await this.api?.deleteResult({ id: resultId }).catch(this.report);
    await this.refreshResults();
  }

  select(id: string): void {
    this.set({ selectedId: id });
  }

  showModel(show: boolean): void {
    this.set({ showModel: show });
  }

  // -- live -------------------------------------------------------------------------------------

  toggleRecording(): void {
    if (this.state.live.status === 'idle') void this.live?.start({ kind: 'microphone', deviceIndex: this.state.settings.inputDevice });
    else if (this.state.live.status === 'recording') void this.live?.stop();
  }

  async simulateLiveFromFile(): Promise<void> {
    if (!this.api || this.state.live.status !== 'idle') return;
    try {
      const { paths } = await this.api.chooseAudioFiles();
      if (paths[0]) await this.live?.start({ kind: 'file', path: paths[0] });
    } catch (error) {
      this.report(error);
    }
  }

  private async addFinishedRecording(done: { name: string; source: string; audio: ItemAudio; run?: FinishedRunOutput }): Promise<void> {
    const item: Item = { id: nextItemId(), name: done.name, source: done.source, kind: 'recording', status: 'done', progress: 1, audio: done.audio };
    if (done.run) item.run = done.run;
    else Object.assign(item, { status: 'error', error: { code: 'no-model', message: 'Recorded without a model: load a bundle, then retry to transcribe it.' } });
    this.store.update((s) => ({ ...s, items: [...s.items, item], selectedId: item.id }));
    if (!done.run) return;
    try {
      const result = this.toResult(item, done.audio, done.run);
      await this.api?.saveResult({ result });
      this.patchItem(item.id, { resultId: result.id });
      void this.refreshResults();
    } catch (error) {
      this.report(error);
    }
  }
}

function fileItem({ path, queuedAt, name }: PendingFile): Item {
  return { id: nextItemId(), name: name ?? baseName(path), source: path, kind: 'file', status: 'queued', progress: 0, queuedAt };
}

/** An item's audio as one block: a rerun or compare goes through the same path as the first run. */
function wholeBlock(audio: ItemAudio): AudioBlock {
  return { samples: audio.samples, frames: audio.frames, nFrames: audio.nFrames };
}

function label(backend: BackendName): string {
  return backend === 'webgpu' ? 'WebGPU' : 'WASM';
}

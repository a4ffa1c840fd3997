// The workbench's behaviour, apart from how it looks: composes the model session, the batch queue, the
// dropped files' copies, the stored results, transcript editing, the search box and the live session over one
// store, and holds what is left to it: start-up, settings, compare runs, unsure-word stepping and what the panes
// show. Components read the store and call these methods.

import { UNSURE_BELOW } from '../../core/confidence';
import type { DecoderKind } from '../../core/decoding';
import { DEFAULT_SETTINGS } from '../../shared/default-settings';
import type { ExportFormat, PendingFile, WorkbenchSettings } from '../../shared/contract';
import { CoreEngine } from '../engine/core-engine';
import { LiveSession } from '../engine/live-session';
import { toShownError } from '../model';
import type { WorkbenchApi } from '../workbench-api';
import { BatchQueue } from './batch-queue';
import { wholeAudio } from '../engine/item-audio-access';
import type { FinishedRunOutput } from '../engine/transcription';
import { ViewRecompute, type ViewedRun } from './view-recompute';
import { DroppedCopies } from './dropped-copies';
import { Explorer } from './explorer';
import { Items } from './items';
import { ModelSession, type CreateEngine } from './model-session';
import { keepPendingFilesSaved } from './pending-files';
import { Store } from './store';
import { SearchPanel } from './search-panel';
import { isUnsure, nextUnsure, shownWords } from './shown-words';
import { StoredResults } from './stored-results';
import { TranscriptEditing } from './transcript-editing';
import type { SearchHit } from './transcript-search';
import type { Item, ItemAudio, WorkbenchState } from './types';
import { chosenWord, pendingSeek, playhead, SEEK_INTO_WORD_S } from './view-state';

/** Playback of the selected item, registered by the waveform view (for shortcuts and menus). */
export interface Player {
  /** The item whose audio it plays. */
  itemId: string;
  playPause(): void;
  seek(seconds: number): void;
  /** Plays from `start` and stops at `end` (a word's audio). */
  playSpan(start: number, end: number): void;
}

/** What the panes show before the stored settings arrive (`settings`: the defaults, or a test's). */
export function startingState(settings: WorkbenchSettings = DEFAULT_SETTINGS): WorkbenchState {
  return {
    settings,
    settingsLoaded: false,
    model: { status: 'loading', bundle: settings.bundle },
    bundles: [],
    items: [],
    results: [],
    live: { status: 'idle', level: 0, partial: '', finals: [], seconds: 0 },
    view: 'transcript',
    showModel: false,
    search: { open: false, query: '', hits: [], searched: 0, loading: 0, unreadable: [] },
    explorer: { open: false, segment: 0, status: 'idle', layer: -1, head: -1 },
  };
}

/** The parts that need the main process; absent when the page has no bridge to it. */
interface Parts {
  api: WorkbenchApi;
  queue: BatchQueue;
  results: StoredResults;
  editing: TranscriptEditing;
  search: SearchPanel;
}

export class WorkbenchController {
  readonly store = new Store<WorkbenchState>(startingState());
  player: Player | undefined;
  private readonly items = new Items(this.store);
  private readonly model: ModelSession;
  private readonly views: ViewRecompute;
  /** The decoding explorer: traces the shown segment while it is open. */
  readonly explorer: Explorer;
  private readonly parts: Parts | undefined;
  private live: LiveSession | undefined;
  /** Bumped by dispose(), so a start() still awaiting after React's StrictMode remount stops there. */
  private generation = 0;
  private stopPersisting: (() => void) | undefined;

  /** `createEngine`: the inference engine for each model load (the page's Web Worker unless a test gives another). */
  constructor(
    readonly api: WorkbenchApi | undefined,
    createEngine: CreateEngine = (events) => new CoreEngine(events),
  ) {
    this.model = new ModelSession(this.store, createEngine, () => void this.parts?.queue.run(), api);
    this.views = new ViewRecompute(this.items, this.model);
    this.explorer = new Explorer(this.store, this.model);
    if (!api) return;
    const results = new StoredResults(api, this.store, this.items, this.report);
    const copies = new DroppedCopies(api, this.items, this.report);
    const queue = new BatchQueue({ api, store: this.store, items: this.items, model: this.model, copies, results, report: this.report });
    const search = new SearchPanel(api, this.store);
    const editing = new TranscriptEditing(api, this.store, this.items, (result) => {
      search.stored(result);
      void results.refresh(); // the list's preview shows the edited text
    });
    this.parts = { api, queue, results, editing, search };
  }

  get state(): WorkbenchState {
    return this.store.state;
  }

  private set(change: Partial<WorkbenchState>): void {
    this.store.update((s) => ({ ...s, ...change }));
  }

  item(id: string | undefined): Item | undefined {
    return this.items.get(id);
  }

  report = (cause: unknown): void => this.set({ error: toShownError(cause) });
  dismissError = (): void => this.set({ error: undefined });

  // -- start-up ---------------------------------------------------------------------------------

  async start(): Promise<void> {
    if (!this.parts) return;
    const { api, results } = this.parts;
    const generation = ++this.generation;
    const settings = await api.getSettings().catch(() => DEFAULT_SETTINGS);
    if (generation !== this.generation) return;
    this.set({ settings, settingsLoaded: true });
    // The last run's unfinished files are read before anything is saved over them.
    const pending = await api.listPendingFiles().catch((error: unknown) => (this.report(error), [] as PendingFile[]));
    if (generation !== this.generation) return;
    if (pending.length > 0) this.set({ resumeOffer: pending });
    this.stopPersisting = keepPendingFilesSaved(api, this.store, pending, this.report);
    void api.listModelBundles().then((bundles) => this.set({ bundles }), () => undefined);
    void results.refresh();
    this.live = new LiveSession(api, this.store, {
      core: () => this.model.client,
      ready: () => this.model.whenReady(),
      settings: () => this.state.settings,
      model: () => this.state.model,
      onFinished: (item) => void results.addRecording(item),
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
    this.model.dispose();
  }

  // -- model and settings -----------------------------------------------------------------------

  loadModel(bundle: string, backend: WorkbenchSettings['backend']): void {
    this.model.load(bundle, backend);
  }

  useBundle(bundle: string): void {
    this.updateSettings({ bundle });
    this.loadModel(bundle, this.state.settings.backend);
  }

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

  // -- batch (batch-queue.ts) -------------------------------------------------------------------

  openFiles = (): Promise<void> => this.parts?.queue.openFiles() ?? Promise.resolve();
  enqueuePaths = (paths: readonly string[]): void => this.parts?.queue.enqueuePaths(paths);
  enqueueDropped = (files: readonly File[]): Promise<void> => this.parts?.queue.enqueueDropped(files) ?? Promise.resolve();
  resumePending = (): void => this.parts?.queue.resumePending();
  dismissPending = (): void => this.parts?.queue.dismissPending();
  cancel = (id: string): void => this.parts?.queue.cancel(id);
  retry = (id: string): void => this.parts?.queue.retry(id);
  rerun = (id: string | undefined): void => this.parts?.queue.rerun(id);

  // -- compare ----------------------------------------------------------------------------------

  /** Runs AT and then NAT on an item's audio, for the side-by-side view. */
  async compare(id: string | undefined): Promise<void> {
    const item = this.item(id);
    if (!item?.audio) return;
    this.set({ view: 'compare' });
    this.items.patch(item.id, { comparing: true });
    try {
      // each decoder reads the audio once: the item's own arrays, or a long file streamed from main again
      const at = await this.recogniseAgain(item.audio, 'at');
      const nat = await this.recogniseAgain(item.audio, 'nat');
      this.items.patch(item.id, { compare: { at, nat } });
    } catch (error) {
      this.report(error);
    } finally {
      this.items.patch(item.id, { comparing: false });
    }
  }

  private async recogniseAgain(audio: ItemAudio, decoder: DecoderKind): Promise<FinishedRunOutput> {
    const whole = await wholeAudio(this.api, audio);
    try {
      return await this.model.recognise(whole.blocks, decoder);
    } finally {
      await whole.close();
    }
  }

  /** The attention pane opened view `index` of an item's run (or compare's AT run): a dropped one is recomputed. */
  showView = (itemId: string, which: ViewedRun, index: number): void => this.views.show(itemId, which, index);

  // -- results (stored-results.ts) and what is shown --------------------------------------------

  refreshResults = (): Promise<void> => this.parts?.results.refresh() ?? Promise.resolve();
  openResult = (resultId: string): Promise<void> => this.parts?.results.open(resultId) ?? Promise.resolve();
  exportResult = (resultId: string, format: ExportFormat): Promise<string> => this.parts?.results.export(resultId, format) ?? Promise.resolve('');
  deleteResult = async (resultId: string): Promise<void> => {
    if (!this.parts) return;
    await this.parts.results.delete(resultId);
    this.parts.editing.forget(resultId);
    this.parts.search.forget(resultId);
  };

  // -- editing (transcript-editing.ts), unsure words, search (search-panel.ts) --------------------

  /** Replaces a segment's text (main re-aligns and stores it); false when refused, the reason in `editNotice`. */
  editSegment = (itemId: string, segment: number, text: string): Promise<boolean> => this.parts?.editing.edit(itemId, segment, text) ?? Promise.resolve(false);
  undoEdit = (): Promise<void> => this.parts?.editing.undo() ?? Promise.resolve();
  redoEdit = (): Promise<void> => this.parts?.editing.redo() ?? Promise.resolve();
  dismissEditNotice = (): void => this.parts?.editing.notice(undefined);

  /**
   * Selects the selected transcript's next unsure word (`step` -1: the one before), from the word chosen last,
   * and plays its audio; says so when there is none.
   */
  stepUnsure(step: 1 | -1): void {
    const item = this.item(this.state.selectedId);
    if (!item?.run) return;
    const words = shownWords(item.run.segments);
    const below = UNSURE_BELOW[item.run.decoder];
    const next = nextUnsure(words, chosenWord.state, step, below);
    if (next < 0) {
      this.parts?.editing.notice({ code: 'no-unsure-words', message: `No word of ${item.name} is below the confidence threshold (${Math.round(below * 100)} %).` });
      return;
    }
    const word = words[next]!;
    chosenWord.update(() => next);
    playhead.update(() => word.start + SEEK_INTO_WORD_S);
    const unsure = words.filter((w) => isUnsure(w, below)).length;
    this.parts?.editing.notice({ code: 'unsure-word', message: `Unsure word ${words.slice(0, next + 1).filter((w) => isUnsure(w, below)).length} of ${unsure}: “${word.word}”, confidence ${Math.round(word.confidence! * 100)} %.` });
    if (this.player?.itemId === item.id) this.player.playSpan(word.start, Math.max(word.end, word.start + 2 * SEEK_INTO_WORD_S));
  }

  openSearch = (): void => this.parts?.search.open();
  closeSearch = (): void => this.parts?.search.close();
  setSearchQuery = (query: string): void => this.parts?.search.setQuery(query);

  /** Shows a hit: opens its result (or selects the item that has it) and seeks the audio to it. */
  async chooseHit(hit: SearchHit): Promise<void> {
    if (hit.resultId !== undefined) await this.openResult(hit.resultId);
    const item = hit.resultId !== undefined ? this.state.items.find((i) => i.resultId === hit.resultId) : this.item(hit.itemId);
    if (!item) return;
    this.select(item.id);
    this.setView('transcript');
    chosenWord.update(() => hit.word);
    this.seekItem(item.id, hit.time + SEEK_INTO_WORD_S);
  }

  /** Seeks an item's audio now, or once its waveform has loaded it. */
  seekItem(itemId: string, time: number): void {
    playhead.update(() => time);
    if (this.player?.itemId === itemId) {
      pendingSeek.update(() => undefined);
      this.player.seek(time);
    } else {
      pendingSeek.update(() => ({ itemId, time }));
    }
  }

  setView(view: WorkbenchState['view']): void {
    this.set({ view });
  }

  select(id: string): void {
    this.set({ selectedId: id });
  }

  showModel(show: boolean): void {
    this.set({ showModel: show });
  }

  // -- live (engine/live-session.ts) ------------------------------------------------------------

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
}

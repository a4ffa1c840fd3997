// The results stored on disk by the main process: saving a finished run (the core's result builder, from
// what the run says it ran), the list the panes show, opening one again as an item, exporting and deleting.
import { resultBody } from '../../core/result';
import type { RunSettings } from '../../core/run-settings';
import type { ExportFormat, TranscriptionResult } from '../../shared/contract';
import { AudioStreamReader } from '../engine/audio-stream-reader';
import type { FinishedRunOutput } from '../engine/transcription';
import type { WorkbenchApi } from '../workbench-api';
import { nextItemId, type Items } from './items';
import type { Store } from './store';
import type { Item, ItemAudio, WorkbenchState } from './types';

export class StoredResults {
  constructor(
    private readonly api: WorkbenchApi,
    private readonly store: Store<WorkbenchState>,
    private readonly items: Items,
    private readonly report: (cause: unknown) => void,
  ) {}

  /** Stores the item's finished run; returns the stored result's id. */
  async save(item: Item, audio: ItemAudio, run: FinishedRunOutput): Promise<string> {
    const result: TranscriptionResult = {
      id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      source: item.source,
      name: item.name,
      createdAt: new Date().toISOString(),
      ...resultBody(run, this.store.state.model.bundle, audio.durationS),
    };
    await this.api.saveResult({ result });
    return result.id;
  }

  async refresh(): Promise<void> {
    try {
      const results = await this.api.listResults();
      this.store.update((s) => ({ ...s, results }));
    } catch (error) {
      this.report(error);
    }
  }

  /** Opens a stored result (e.g. from an earlier run of the app) as an item, or selects the item that has it. */
  async open(resultId: string): Promise<void> {
    const existing = this.store.state.items.find((i) => i.resultId === resultId);
    if (existing) return this.store.update((s) => ({ ...s, selectedId: existing.id }));
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
        run: { decoder: result.stats.decoder, text: result.text, segments: result.segments, stats: result.stats, views: [], ...storedRan(result) },
      };
      this.items.add([item], { select: true });
      // Audio of a stored file result comes back when the file is still there (for the waveform); when it is
      // gone the waveform says so, and the transcript can still be read, edited, searched and exported.
      if (result.source.startsWith('/') || /^[A-Za-z]:[\\/]/.test(result.source)) {
        this.api
          .openAudioStream({ path: result.source })
          .then(({ streamId }) => new AudioStreamReader(this.api, streamId, { path: result.source }).readAll())
          .then(
            (audio) => this.items.patch(item.id, { audio }),
            (error: unknown) => this.items.patch(item.id, { audioProblem: audioProblem(result.source, error) }),
          );
      }
    } catch (error) {
      this.report(error);
    }
  }

  /** Writes an export where the user chooses; '' when cancelled or failed (the failure reported). */
  async export(resultId: string, format: ExportFormat): Promise<string> {
    try {
      return (await this.api.exportResult({ id: resultId, format })).path;
    } catch (error) {
      this.report(error);
      return '';
    }
  }

  async delete(resultId: string): Promise<void> {
    await this.api.deleteResult({ id: resultId }).catch(this.report);
    await this.refresh();
  }

  /** A live recording that finished becomes an item, and its run (when a model made one) a stored result. */
  async addRecording(done: { name: string; source: string; audio: ItemAudio; run?: FinishedRunOutput }): Promise<void> {
    const item: Item = { id: nextItemId(), name: done.name, source: done.source, kind: 'recording', status: 'done', progress: 1, audio: done.audio };
    if (done.run) item.run = done.run;
    else Object.assign(item, { status: 'error', error: { code: 'no-model', message: 'Recorded without a model: load a bundle, then retry to transcribe it.' } });
    this.items.add([item], { select: true });
    if (!done.run) return;
    try {
      const resultId = await this.save(item, done.audio, done.run);
      this.items.patch(item.id, { resultId });
      void this.refresh();
    } catch (error) {
      this.report(error);
    }
  }
}

function audioProblem(source: string, cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const why = message.startsWith(`${source}: `) ? message.slice(source.length + 2) : message;
  return `The audio of this result, ${source}, cannot be opened (${why}): there is nothing to play, but the transcript can still be read, edited, searched and exported.`;
}

/**
 * What a stored result says it ran with, as the settings a run records (so the explorer decodes it again the same
 * way); none for results stored before the window was recorded.
 */
export function storedRan(result: TranscriptionResult): { ran?: RunSettings } {
  const { beam, iterations, window, ctcWeight, lmWeight, wordLmWeight, oovPenalty } = result.options;
  if (!window) return {};
  const weights = { ctcWeight, lmWeight, wordLmWeight, oovPenalty };
  const defined = Object.fromEntries(Object.entries(weights).filter(([, v]) => v !== undefined));
  return { ran: { decoder: result.stats.decoder, beam, iterations, window, ...defined } };
}

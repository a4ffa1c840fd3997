// The search box's state (Ctrl+F): the query, and its hits over the open transcripts (as edited) and every
// stored result, read from main once and kept, updated when an edit is stored. The selected item's transcript
// is searched first. A stored result that cannot be read is named, not fatal.
import type { TranscriptionResult } from '../../shared/contract';
import type { WorkbenchApi } from '../workbench-api';
import type { Store } from './store';
import { searchTranscripts, type SearchSource } from './transcript-search';
import type { SearchState, WorkbenchState } from './types';

export class SearchPanel {
  private readonly read = new Map<string, TranscriptionResult>();
  private readonly unreadable = new Map<string, string>();
  private loading = 0;

  constructor(
    private readonly api: WorkbenchApi,
    private readonly store: Store<WorkbenchState>,
  ) {}

  private set(change: Partial<SearchState>): void {
    this.store.update((s) => ({ ...s, search: { ...s.search, ...change } }));
  }

  open(): void {
    this.set({ open: true });
    void this.readStored();
    this.run();
  }

  close(): void {
    this.set({ open: false });
  }

  setQuery(query: string): void {
    this.set({ query });
    void this.readStored(); // results stored since the box opened
    this.run();
  }

  /** A stored result changed (an edit): its copy here follows. */
  stored(result: TranscriptionResult): void {
    this.read.set(result.id, result);
    if (this.store.state.search.open) this.run();
  }

  forget(resultId: string): void {
    this.read.delete(resultId);
    this.unreadable.delete(resultId);
    if (this.store.state.search.open) this.run();
  }

  /** Reads the stored results not read yet (the list may have grown since the box last opened). */
  private async readStored(): Promise<void> {
    const missing = this.store.state.results.filter((r) => !this.read.has(r.id) && !this.unreadable.has(r.id));
    if (missing.length === 0) return;
    this.loading += missing.length;
    this.set({ loading: this.loading });
    await Promise.all(
      missing.map(async (summary) => {
        try {
          this.read.set(summary.id, await this.api.readResult({ id: summary.id }));
        } catch (error) {
          this.unreadable.set(summary.id, `${summary.name} (${error instanceof Error ? error.message : String(error)})`);
        } finally {
          this.loading--;
        }
      }),
    );
    this.set({ loading: this.loading });
    this.run();
  }

  private run(): void {
    const { items, selectedId, results, search } = this.store.state;
    const shown = items.filter((i) => i.run && i.status === 'done');
    const sources: SearchSource[] = [];
    const seen = new Set<string>();
    // Items first (the selected one leading): they show the edits as they are now.
    for (const item of [...shown.filter((i) => i.id === selectedId), ...shown.filter((i) => i.id !== selectedId)]) {
      if (item.resultId !== undefined && seen.has(item.resultId)) continue;
      if (item.resultId !== undefined) seen.add(item.resultId);
      sources.push({ ...(item.resultId !== undefined ? { resultId: item.resultId } : { itemId: item.id }), name: item.name, segments: item.run!.segments });
    }
    for (const summary of results) {
      const result = this.read.get(summary.id);
      if (!result || seen.has(summary.id)) continue;
      seen.add(summary.id);
      sources.push({ resultId: summary.id, name: result.name, segments: result.segments });
    }
    this.set({ hits: searchTranscripts(search.query, sources), searched: sources.length, unreadable: [...this.unreadable.values()] });
  }
}

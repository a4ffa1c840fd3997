// The files a batch has not finished, saved whenever that list changes, so a kill at any moment loses
// at most the job that was running: what a restart offers to resume. A dropped file comes back from its
// copy in the app's data folder, under its own name.
import type { PendingFile } from '../../shared/contract';
import type { WorkbenchApi } from '../workbench-api';
import type { Store } from './store';
import type { Item, WorkbenchState } from './types';

/** Queued or running files (dropped ones once their copy is kept), after an offer not yet answered. */
export function unfinishedFiles(state: WorkbenchState): PendingFile[] {
  const unfinished = (i: Item) => i.status === 'queued' || i.status === 'loading' || i.status === 'recognising';
  const running = state.items.filter((i) => (i.kind === 'file' || (i.kind === 'dropped' && i.keptPath)) && unfinished(i));
  return [
    ...(state.resumeOffer ?? []),
    ...running.map((i) => ({
      path: i.keptPath ?? i.source,
      queuedAt: i.queuedAt ?? new Date(0).toISOString(),
      ...(i.kind === 'dropped' ? { name: i.name } : {}),
    })),
  ];
}

/** Saves unfinishedFiles on every change of the store that changes it; `saved` is the list as stored now. Returns the stop. */
export function keepPendingFilesSaved(api: WorkbenchApi, store: Store<WorkbenchState>, saved: readonly PendingFile[], report: (cause: unknown) => void): () => void {
  let savedJson = JSON.stringify(saved);
  return store.subscribe(() => {
    const files = unfinishedFiles(store.state);
    const json = JSON.stringify(files);
    if (json === savedJson) return;
    savedJson = json;
    api.savePendingFiles({ files }).catch(report);
  });
}

// The audio items in the store (queued files, dropped files, recordings, stored results opened again):
// their ids, lookup, adding and patching, shared by the batch queue, the stored results and compare runs.
import type { Store } from './store';
import type { Item, WorkbenchState } from './types';

let itemCounter = 0;
export const nextItemId = (): string => `item-${++itemCounter}`;

export class Items {
  constructor(private readonly store: Store<WorkbenchState>) {}

  get(id: string | undefined): Item | undefined {
    return this.store.state.items.find((i) => i.id === id);
  }

  patch(id: string, change: Partial<Item> | ((item: Item) => Partial<Item>)): void {
    this.store.update((s) => ({
      ...s,
      items: s.items.map((item) => (item.id === id ? { ...item, ...(typeof change === 'function' ? change(item) : change) } : item)),
    }));
  }

  /** Appends items; `select` shows the last of them, otherwise the selection stays (the first new item when there was none). */
  add(items: Item[], { select = false } = {}): void {
    if (items.length === 0) return;
    this.store.update((s) => ({ ...s, items: [...s.items, ...items], selectedId: select ? items.at(-1)!.id : (s.selectedId ?? items[0]!.id) }));
  }
}

// Each file dropped on the page crosses to main once: it is copied into the app's data folder (so a
// killed batch can resume it) and its job then reads that copy. One copy at a time, in drop order, so
// a large drop does not hold every file in flight at once. Where no copy can be written, the item keeps
// its bytes and the job sends them instead.
import type { WorkbenchApi } from '../workbench-api';
import type { Items } from './items';
import type { Item } from './types';

export class DroppedCopies {
  /** Copies being written, by item id: each resolves to its path, or undefined when it could not be kept. */
  private readonly keeping = new Map<string, Promise<string | undefined>>();
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly api: WorkbenchApi,
    private readonly items: Items,
    private readonly report: (cause: unknown) => void,
  ) {}

  /** Starts writing the items' copies after any still being written; settles when the last is written (or failed). */
  keep(items: readonly Item[]): Promise<unknown> {
    for (const item of items) {
      const kept = this.last.then(() => this.write(item));
      this.keeping.set(item.id, kept);
      this.last = kept;
    }
    return this.last;
  }

  /** The path of the item's copy, once written; undefined when there is none. */
  async pathOf(item: Item): Promise<string | undefined> {
    return (await this.keeping.get(item.id)) ?? this.items.get(item.id)?.keptPath;
  }

  private async write(item: Item): Promise<string | undefined> {
    if (!item.bytes) return undefined;
    try {
      const { path } = await this.api.keepDroppedFile({ name: item.name, bytes: item.bytes });
      // The bytes stay in memory only while no copy exists.
      if (this.items.get(item.id)) this.items.patch(item.id, { keptPath: path, bytes: undefined });
      return path;
    } catch (error) {
      this.report(error);
      return undefined;
    } finally {
      this.keeping.delete(item.id);
    }
  }
}

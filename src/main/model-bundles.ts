// The bundles the user can switch between: folders below the models folder that hold a model.json.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ModelBundleEntry } from '../shared/contract';

export async function listModelBundles(modelDir: string): Promise<ModelBundleEntry[]> {
  let entries;
  try {
    entries = await readdir(modelDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const bundles: ModelBundleEntry[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    const ok = await stat(path.join(modelDir, entry.name, 'model.json')).then((s) => s.isFile(), () => false);
    if (ok) bundles.push({ name: entry.name });
  }
  return bundles.sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name)));
}

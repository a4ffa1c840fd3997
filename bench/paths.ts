// Where the benchmarks find things on a checkout: the project root, the default model bundle, and the
// real speech read in place from ../shared/data beside the checkout (never copied into the repository).

import path from 'node:path';
import { DEFAULT_BUNDLE_FOLDER } from '../src/core';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DEFAULT_MODEL = path.join(ROOT, DEFAULT_BUNDLE_FOLDER);
export const TINY_MODEL = path.join(ROOT, 'src/core/fixtures/tiny-bundle');
export const SHARED_DATA = path.resolve(ROOT, '../shared/data');
/** Prints the agreed 200 adult speechocean762 test sentences as path<TAB>reference. */
export const ADULT200_SCRIPT = path.join(SHARED_DATA, 'speechocean762/test-adult200.sh');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Relative paths on the command line are the user's, not npm's (npm run changes directory). */
export function fromUser(file: string): string {
  return path.resolve(process.env['INIT_CWD'] ?? process.cwd(), file);
}

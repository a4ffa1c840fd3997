// The user's choices kept between runs: settings.json in the app's data folder, written atomically.
// Missing or unreadable settings fall back to the defaults, field by field, so a settings file from
// an older version never stops the app from starting.

import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calls, type WorkbenchSettings } from '../shared/contract';
import { DEFAULT_SETTINGS } from '../shared/default-settings';
import { storageError } from './results-store';

export { DEFAULT_SETTINGS };

export class SettingsStore {
  private readonly file: string;

  constructor(folder: string) {
    this.file = path.join(folder, 'settings.json');
  }

  async read(): Promise<WorkbenchSettings> {
    let stored: Record<string, unknown> = {};
    try {
      stored = JSON.parse(await readFile(this.file, 'utf8')) as Record<string, unknown>;
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS)) {
      const candidate = { ...DEFAULT_SETTINGS, [key]: stored[key] };
      try {
        calls.saveSettings.input.parse({ settings: candidate });
        merged[key] = stored[key];
      } catch {
        // keep the default for a field that is missing or no longer valid
      }
    }
    return merged as WorkbenchSettings;
  }

  /** Writes one at a time: two saves in flight must not share (or rename away) each other's temporary file. */
  write(settings: WorkbenchSettings): Promise<WorkbenchSettings> {
    const written = this.writing.then(() => this.writeNow(settings));
    this.writing = written.catch(() => undefined);
    return written;
  }

  private writing: Promise<unknown> = Promise.resolve();

  private async writeNow(settings: WorkbenchSettings): Promise<WorkbenchSettings> {
    const folder = path.dirname(this.file);
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      await mkdir(folder, { recursive: true });
      await writeFile(temporary, JSON.stringify(settings, null, 1), { flush: true });
      await rename(temporary, this.file);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      throw storageError('The settings could not be saved', folder, error);
    }
    return settings;
  }
}

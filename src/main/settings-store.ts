// The user's choices kept between runs: settings.json in the app's data folder, written atomically.
// Missing or unreadable settings fall back to the defaults, field by field, so a settings file from
// an older version never stops the app from starting.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { calls, type WorkbenchSettings } from '../shared/contract';
import { DEFAULT_SETTINGS } from '../shared/default-settings';
import { AtomicFile } from './atomic-file';

export { DEFAULT_SETTINGS };

export class SettingsStore {
  private readonly file: string;
  private readonly output: AtomicFile;

  constructor(folder: string) {
    this.file = path.join(folder, 'settings.json');
    this.output = new AtomicFile(this.file, 'The settings could not be saved');
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

  async write(settings: WorkbenchSettings): Promise<WorkbenchSettings> {
    await this.output.write(JSON.stringify(settings, null, 1));
    return settings;
  }
}

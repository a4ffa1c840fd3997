// The settings a new install starts with: the main process's settings store falls back to them, and
// the renderer shows them until the stored settings arrive.
import type { WorkbenchSettings } from './contract';

export const DEFAULT_SETTINGS: WorkbenchSettings = {
  decoder: 'at',
  beam: 1,
  jointCtc: true,
  languageModel: true,
  iterations: 2,
  truncated: false,
  windowLeft: 16,
  windowRight: 2,
  backend: 'auto',
  theme: 'system',
  bundle: 'default',
  inputDevice: -1,
};

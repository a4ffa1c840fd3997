// The settings a new install starts with: the main process's settings store falls back to them, and
// the renderer shows them until the stored settings arrive.
import type { WorkbenchSettings } from './contract';

export const DEFAULT_SETTINGS: WorkbenchSettings = {
  decoder: 'at',
  // Beam 4 with the language model: 67.2 % WER on the agreed speechocean762 sentences against 80.3 % greedy
  // (model card), at about 1.6x greedy's end-to-end time on short utterances.
  beam: 4,
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

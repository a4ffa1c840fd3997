// The settings a new install starts with: the main process's settings store falls back to them, and
// the renderer shows them until the stored settings arrive.
import type { WorkbenchSettings } from './contract';

export const DEFAULT_SETTINGS: WorkbenchSettings = {
  decoder: 'at',
  // Beam search with the language model (the CLI's defaults too). AT beam 4: 54-55 % WER on the agreed
  // speechocean762 sentences against 69 % greedy. CTC beam 16 (also the live partials): 56-56.5 %, for about
  // a hundredth of AT beam 4's decoder time (README); a CTC beam without the language model gains under a point.
  beam: 4,
  ctcBeam: 16,
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

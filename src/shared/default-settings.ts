// The settings a new install starts with: the main process's settings store falls back to them, and
// the renderer shows them until the stored settings arrive.
import type { WorkbenchSettings } from './contract';

export const DEFAULT_SETTINGS: WorkbenchSettings = {
  // The CTC beam's n-best (word-aware with the bundle's word model) rescored by the AT decoder: the most accurate
  // decoder on the dev sentences (so762-dev150: 36.6 % WER against AT beam 8 + LM's 38.6), ahead of AT beam 8 + LM
  // on every test set too, at 5-34 % of its decoder time (README, "The model and its recipe"; training/rescore.py).
  // Its n-best size is the bundle's (decoding.rescoreBeam); `beam` below is AT beam search's, when AT is chosen.
  decoder: 'rescore',
  // AT beam search with the language model, when chosen: beam 8 rather than 4, chosen on sentences outside the
  // agreed ones, about 3 WER points for 2.5 times the AT decoder's time (training/decode.py AT_BEAM;
  // bench/decoders.test.ts keeps the two equal). CTC beam 16 + LM is also what the live partials use.
  beam: 8,
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

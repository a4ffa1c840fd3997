// The decoder configurations every benchmark and evaluation compares, in table order.

import type { DecodeOptions, ModelConfig } from '../src/core';
import { DEFAULT_SETTINGS } from '../src/shared/default-settings';

export interface DecoderConfig {
  name: string;
  options: DecodeOptions;
}

export const DECODERS: readonly DecoderConfig[] = [
  // AT decodes jointly with CTC at the bundle's decoding.atCtcWeight unless ctcWeight says otherwise; beam
  // search (AT or CTC) adds the bundle's language model (decoding.lmWeight, ctcLmWeight) unless lmWeight says
  // otherwise.
  { name: 'AT greedy', options: { decoder: 'at', beam: 1 } },
  // the cheaper beam beside the default (the default until 2026-11-25), unless the default is that beam again
  ...(DEFAULT_SETTINGS.beam === 4 ? [] : [{ name: 'AT beam 4 + LM', options: { decoder: 'at', beam: 4 } } as const]),
  { name: `AT beam ${DEFAULT_SETTINGS.beam}`, options: { decoder: 'at', beam: DEFAULT_SETTINGS.beam, lmWeight: 0 } },
  { name: `AT beam ${DEFAULT_SETTINGS.beam} + LM`, options: { decoder: 'at', beam: DEFAULT_SETTINGS.beam } },
  { name: 'AT greedy, no CTC', options: { decoder: 'at', beam: 1, ctcWeight: 0 } },
  { name: 'NAT k=0', options: { decoder: 'nat', iterations: 0 } },
  { name: 'NAT k=1', options: { decoder: 'nat', iterations: 1 } },
  { name: 'NAT k=3', options: { decoder: 'nat', iterations: 3 } },
  { name: 'CTC', options: { decoder: 'ctc' } },
  { name: 'CTC beam 16 + LM', options: { decoder: 'ctc', beam: 16 } },
  // the n-best size and weights from the bundle (decoding.rescore*)
  { name: 'AT rescoring of CTC beam + LM', options: { decoder: 'rescore' } },
];

/** `DECODERS` restricted to `names` (all when none); throws naming an unknown one. */
export function chooseDecoders(names: readonly string[], available: readonly DecoderConfig[] = DECODERS): readonly DecoderConfig[] {
  if (names.length === 0) return available;
  for (const name of names) if (!available.some((d) => d.name === name)) throw new Error(`unknown decoder "${name}"; the decoders are: ${available.map((d) => d.name).join('; ')}`);
  return available.filter((d) => names.includes(d.name));
}

/** The baseline NAT speed-ups are measured against. */
export const AT_GREEDY = 'AT greedy';

/**
 * The rows for a bundle: DECODERS, and where the bundle has a word language model (files.wordLm) with word weights
 * in model.json, CTC and AT beam search with it at those weights beside them; the other rows then run without it
 * (wordLmWeight 0), as the same bundle without words.bin would.
 */
export function decodersFor(config: Pick<ModelConfig, 'files' | 'decoding'>): readonly DecoderConfig[] {
  if (!config.files.wordLm) return DECODERS;
  const { ctcWordLmWeight, wordLmWeight } = config.decoding;
  return [
    ...DECODERS.map((d) => ({ ...d, options: { ...d.options, wordLmWeight: 0 } })),
    ...(ctcWordLmWeight > 0 ? [{ name: 'CTC beam 16 + LM + word LM', options: { decoder: 'ctc', beam: 16 } } as const] : []),
    ...(wordLmWeight > 0 ? [{ name: `AT beam ${DEFAULT_SETTINGS.beam} + LM + word LM`, options: { decoder: 'at', beam: DEFAULT_SETTINGS.beam } } as const] : []),
    // the word beam's best decoding.rescoreNBest entries, at the bundle's rescoring weights
    ...(ctcWordLmWeight > 0 ? [{ name: 'AT rescoring of CTC beam + LM + word LM', options: { decoder: 'rescore' } } as const] : []),
  ];
}

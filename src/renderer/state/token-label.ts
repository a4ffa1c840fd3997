// How the explorer writes a model token: characters as they are, the space as ␣, and the special tokens by name
// (the decoder's input starts with ⟨sos⟩; choosing ⟨eos⟩ ends the hypothesis; NAT's masked positions are ▢).
import type { TokenSpecials } from '../engine/trace-segment';

export function tokenLabel(id: number, vocabulary: readonly string[], special: TokenSpecials, at: 'input' | 'output' = 'output'): string {
  if (id === special.sosEos) return at === 'input' ? '⟨sos⟩' : '⟨eos⟩';
  if (id === special.blank) return '⟨blank⟩';
  if (id === special.mask) return '▢';
  const piece = vocabulary[id];
  return piece === undefined ? `#${id}` : pieceLabel(piece);
}

/** A vocabulary piece as the views write it: the space (or SentencePiece's ▁) as ␣, an empty piece as ∅. */
export function pieceLabel(piece: string): string {
  return piece === ' ' || piece === '▁' ? '␣' : piece || '∅';
}

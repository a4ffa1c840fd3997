// The vocabulary of a bundle (model.json `tokens`): ids to text, and which ids are special.
// Mirrors training/tokens.py's decode: special tokens are dropped from text.

import type { TokenConfig } from './bundle';

export class TokenTable {
  readonly list: readonly string[];
  readonly blank: number;
  readonly unk: number;
  readonly sosEos: number;
  readonly mask: number;
  readonly space: number;
  private readonly specials: ReadonlySet<number>;

  constructor(config: TokenConfig) {
    this.list = config.list;
    this.blank = config.blank;
    this.unk = config.unk;
    this.sosEos = config.sosEos;
    this.mask = config.mask;
    this.space = config.space;
    this.specials = new Set([config.blank, config.unk, config.sosEos, config.mask]);
  }

  get size(): number {
    return this.list.length;
  }

  isSpecial(id: number): boolean {
    return this.specials.has(id);
  }

  /** The text of one id; special ids have none. */
  piece(id: number): string {
    return this.isSpecial(id) ? '' : (this.list[id] ?? '');
  }

  decode(ids: readonly number[]): string {
    return ids.map((id) => this.piece(id)).join('');
  }
}

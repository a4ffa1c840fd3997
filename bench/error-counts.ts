// Word and character error counts of one system over a test set, with the project's one scorer
// (src/core/score.ts, twin of training/score.py) after the project's one normalisation (src/core/text.ts).

import { characters, normalise, Tally, words } from '../src/core';

export interface ErrorRates {
  wer: number;
  cer: number;
  words: { substitutions: number; deletions: number; insertions: number; n: number };
  characters: { substitutions: number; deletions: number; insertions: number; n: number };
  /** Utterances whose normalised hypothesis equals the normalised reference. */
  exact: number;
  utterances: number;
}

export class ErrorCounter {
  private readonly wordTally = new Tally();
  private readonly characterTally = new Tally();
  private exact = 0;
  private utterances = 0;

  add(reference: string, hypothesis: string): void {
    const ref = normalise(reference);
    const hyp = normalise(hypothesis);
    this.wordTally.add(words(ref), words(hyp));
    this.characterTally.add(characters(ref), characters(hyp));
    if (ref === hyp) this.exact++;
    this.utterances++;
  }

  rates(): ErrorRates {
    const counts = (t: Tally) => ({ substitutions: t.substitutions, deletions: t.deletions, insertions: t.insertions, n: t.n });
    return {
      wer: this.wordTally.rate(),
      cer: this.characterTally.rate(),
      words: counts(this.wordTally),
      characters: counts(this.characterTally),
      exact: this.exact,
      utterances: this.utterances,
    };
  }
}

export const NORMALISATION =
  'both sides normalised by src/core/text.ts normalise() (twin of training/corpus/text.py): accents stripped, ' +
  'numbers spelled out, lower case, only a-z, apostrophes inside words and single spaces kept; ' +
  'CER counts spaces as characters';

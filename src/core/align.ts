// Re-alignment of a text against the audio it was said in: CTC forced alignment (Viterbi over the CTC
// log-posteriors, blanks between characters) of the words the text holds, giving each word its start and
// end. This is what an edited transcript is timed by: the edited words against the encoder's output, not
// the old words' times. A word is spelled as the recipe spells text (text.ts normalise, the twin of
// training/corpus/text.py): lower case a-z and apostrophes, accents dropped; the model emits a space token
// between words, so the label sequence is the words' characters joined by spaces. A word the vocabulary
// cannot spell (digits: the model hears numbers as words; symbols that normalise to nothing) is left out
// of the alignment, gets times interpolated between its aligned neighbours, and a problem that names it.

import { ctcAlign } from './ctc-beam';
import { normalise } from './text';

/** One segment's CTC log-posteriors: row-major frames × vocabulary, natural-log probabilities. */
export interface CtcPosteriors {
  logProbs: Float32Array;
  frames: number;
  vocabulary: number;
}

/** What alignment needs of a vocabulary (model.json `tokens`). */
export interface AlignmentVocabulary {
  list: readonly string[];
  blank: number;
  space: number;
}

export interface AlignedWord {
  /** The word as written (punctuation and case kept). */
  word: string;
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
  /** False when the vocabulary cannot spell the word: its times are interpolated. */
  aligned: boolean;
}

export interface AlignmentProblem {
  /** Index of the word in the text's words. */
  index: number;
  word: string;
  message: string;
}

export interface Alignment {
  words: AlignedWord[];
  problems: AlignmentProblem[];
}

export interface AlignmentSpan {
  /** Seconds per encoder frame. */
  frameSeconds: number;
  /** Seconds of the segment's first frame within the audio. */
  offsetSeconds?: number;
  /** No time later than this (the segment's end: frames of the silent tail end with the audio). */
  endSeconds?: number;
}

/** The words of a text as an editor holds them: runs of non-space characters. */
export function textWords(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

/** The token ids that spell `word`, or why the vocabulary cannot. */
export function spellWord(word: string, vocabulary: AlignmentVocabulary): { ids: number[] } | { problem: string } {
  if (/\p{Nd}/u.test(word)) return { problem: `"${word}" has digits, which the model cannot spell: write the number in words` };
  const spelled = normalise(word);
  if (spelled.length === 0) return { problem: `"${word}" has no letters the model can spell` };
  const ids: number[] = [];
  for (const c of spelled) {
    const id = c === ' ' ? vocabulary.space : vocabulary.list.indexOf(c);
    if (id < 0) return { problem: `"${word}" has "${c}", which is not in the model's vocabulary` };
    ids.push(id);
  }
  return { ids };
}

/**
 * Aligns the words of `text` to `posteriors`. Times are frame boundaries: a word runs from its first
 * character's first frame to its last character's last frame + 1. When the spellable words cannot fit
 * the frames (more characters than the audio holds), every word is interpolated and a problem says so.
 */
export function alignText(text: string, posteriors: CtcPosteriors, vocabulary: AlignmentVocabulary, span: AlignmentSpan): Alignment {
  const words = textWords(text);
  const offset = span.offsetSeconds ?? 0;
  const end = span.endSeconds ?? offset + posteriors.frames * span.frameSeconds;
  const clip = (t: number) => Math.min(t, end);
  const problems: AlignmentProblem[] = [];
  const labels: number[] = [];
  /** Per word: the range of its characters in `labels`, when it is spelled. */
  const ranges: ({ first: number; last: number } | undefined)[] = words.map((word, index) => {
    const spelled = spellWord(word, vocabulary);
    if ('problem' in spelled) {
      problems.push({ index, word, message: `${spelled.problem}; its time is interpolated` });
      return undefined;
    }
    if (labels.length > 0) labels.push(vocabulary.space);
    const first = labels.length;
    labels.push(...spelled.ids);
    return { first, last: labels.length - 1 };
  });
  const spans = labels.length === 0 ? [] : ctcAlign(posteriors.logProbs, posteriors.frames, posteriors.vocabulary, vocabulary.blank, labels);
  if (!spans) {
    problems.push({ index: -1, word: '', message: `the text's ${labels.length} characters do not fit the ${posteriors.frames} frames of its audio; every word's time is interpolated` });
    return { words: interpolate(words, words.map(() => undefined), offset, end), problems };
  }
  const timed = ranges.map((r) => (r ? { start: clip(offset + spans[r.first]!.first * span.frameSeconds), end: clip(offset + (spans[r.last]!.last + 1) * span.frameSeconds) } : undefined));
  return { words: interpolate(words, timed, offset, end), problems };
}

/**
 * Words without times share the gap between their timed neighbours (the segment's edges at either end),
 * in proportion to their length, so a run of them keeps its order and fills the gap.
 */
function interpolate(words: readonly string[], times: readonly ({ start: number; end: number } | undefined)[], start: number, end: number): AlignedWord[] {
  const out: AlignedWord[] = [];
  let i = 0;
  while (i < words.length) {
    const t = times[i];
    if (t) {
      out.push({ word: words[i]!, start: t.start, end: t.end, aligned: true });
      i++;
      continue;
    }
    let j = i;
    while (j < words.length && !times[j]) j++;
    const from = i > 0 ? times[i - 1]!.end : start;
    const to = j < words.length ? times[j]!.start : end;
    const gap = Math.max(0, to - from);
    const lengths = words.slice(i, j).map((w) => w.length);
    const total = lengths.reduce((a, b) => a + b, 0);
    let at = from;
    for (let k = i; k < j; k++) {
      const share = (gap * lengths[k - i]!) / total;
      out.push({ word: words[k]!, start: at, end: at + share, aligned: false });
      at += share;
    }
    i = j;
  }
  return out;
}

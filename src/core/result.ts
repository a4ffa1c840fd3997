// One result builder: the stored result the app saves (and exports) and the record the CLI prints
// with --format json are built here, from what the transcript says ran (RunSettings), so a stored
// result cannot disagree with the run that made it and the two outputs have one shape. Times and
// confidences are rounded to the millisecond and the thousandth: finer digits are noise.

import type { TranscriptionResult } from '../shared/contract';
import type { RunSettings } from './run-settings';
import type { RunStats } from './stats';
import type { WordTiming } from './timing';

/** A finished transcription as the core produces it (a Transcript, or a live session's utterances). */
export interface FinishedRun {
  text: string;
  segments: readonly { start: number; end: number; text: string; words: readonly WordTiming[] }[];
  stats: RunStats;
  ran: RunSettings;
}

/** A result without what only the app knows (its id, when it was made, the file's name and path). */
export type ResultBody = Omit<TranscriptionResult, 'id' | 'createdAt' | 'source' | 'name'>;

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

export function resultBody(run: FinishedRun, model: string, durationS: number): ResultBody {
  const { ran } = run;
  return {
    model,
    durationS,
    options: {
      beam: ran.beam,
      ...(ran.ctcWeight === undefined ? {} : { ctcWeight: ran.ctcWeight }),
      ...(ran.lmWeight === undefined ? {} : { lmWeight: ran.lmWeight }),
      ...(ran.wordLmWeight === undefined ? {} : { wordLmWeight: ran.wordLmWeight, oovPenalty: ran.oovPenalty! }),
      iterations: ran.iterations,
      window: ran.window,
    },
    text: run.text,
    segments: run.segments.map((s) => ({
      start: round(s.start),
      end: round(s.end),
      text: s.text,
      words: s.words.map((w) => ({ word: w.word, start: round(w.start), end: round(w.end), confidence: round(w.confidence) })),
    })),
    stats: run.stats,
  };
}

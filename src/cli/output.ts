// How one file's transcript is written: a text line, one JSON object per line, or captions.

import { captions, resultBody, roundTrace, UNSURE_BELOW, type Transcript } from '../core';
import type { OutputFormat } from './arguments';

/**
 * The --format json record (one line per file): the stored result's shape, from the same builder the app
 * saves with (what ran, the segments with their words, the statistics), with the file, all words in one
 * list, and the decoder's warnings about the file.
 */
export function jsonRecord(file: string, transcript: Transcript, model: string, warnings: readonly string[]) {
  const body = resultBody(transcript, model, transcript.stats.audioS);
  // The CTC posteriors a stored result keeps for re-aligning edits are the app's business, not the reader's.
  // A segment's trace (--trace) goes beside it, rounded as the rest of the record is.
  const segments = body.segments.map(({ ctc: _ctc, ...segment }, i) => {
    const trace = transcript.segments[i]?.trace;
    return trace ? { ...segment, trace: roundTrace(trace) } : segment;
  });
  // unsureBelow: the word confidence below which the app marks this decoder's words unsure (core/confidence.ts).
  return { file, ...body, segments, words: segments.flatMap((s) => s.words), unsureBelow: UNSURE_BELOW[transcript.decoder], ...(warnings.length > 0 ? { warnings } : {}) };
}

/** The text written for one file in `format`. `several`: more than one input, so txt lines are prefixed with the file. */
export function render(format: OutputFormat, file: string, transcript: Transcript, model: string, warnings: readonly string[], several: boolean): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(jsonRecord(file, transcript, model, warnings))}\n`;
    case 'txt':
      return several ? `${file}\t${transcript.text}\n` : `${transcript.text}\n`;
    case 'srt':
    case 'vtt':
      return captions(transcript.segments, format);
  }
}

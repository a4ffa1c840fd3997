// A stored result as a file people use elsewhere: plain text, SubRip / WebVTT captions (the core's
// cue grouping, so the app and the CLI write the same captions) or the full JSON (words with times,
// run statistics and the options used). Edited segments are written as edited (their re-aligned words),
// the JSON keeping the decoder's text beside; the stored CTC posteriors stay in the store.

import { captions } from '../core/captions';
import { UNSURE_BELOW } from '../core/confidence';
import type { ExportFormat, TranscriptionResult } from '../shared/contract';
import { effectiveSegments, effectiveText } from './result-edits';

export function exportText(result: TranscriptionResult, format: ExportFormat): string {
  switch (format) {
    case 'txt':
      return `${effectiveSegments(result).map((s) => s.text).filter((t) => t.length > 0).join('\n')}\n`;
    case 'srt':
    case 'vtt':
      return captions(effectiveSegments(result), format);
    case 'json':
      return `${JSON.stringify(exportRecord(result), null, 2)}\n`;
  }
}

/**
 * The JSON export: the result with its edits applied, each edited segment keeping the decoder's text and words under
 * `decoded`; `unsureBelow`: the word confidence below which the app marks a word of this decoder unsure.
 */
export function exportRecord(result: TranscriptionResult) {
  const edited = result.segments.some((s) => s.edit);
  return {
    ...result,
    unsureBelow: UNSURE_BELOW[result.stats.decoder],
    text: effectiveText(result),
    ...(edited ? { decodedText: result.text } : {}),
    segments: result.segments.map((s) =>
      s.edit
        ? { start: s.start, end: s.end, text: s.edit.text, words: s.edit.words, edited: true, editedAt: s.edit.editedAt, decoded: { text: s.text, words: s.words } }
        : { start: s.start, end: s.end, text: s.text, words: s.words },
    ),
  };
}

/** "talk.wav" + srt → "talk.srt". */
export function exportFileName(result: TranscriptionResult, format: ExportFormat): string {
  const stem = result.name.replace(/\.[^.]+$/, '') || 'transcript';
  return `${stem}.${format}`;
}

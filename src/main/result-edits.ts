// A stored result's edits: a segment's edited text kept beside the decoder's (which is never overwritten),
// its words re-timed by CTC forced alignment against the segment's stored posteriors (src/core/align.ts,
// posteriors.ts: no audio or model needed). An edit that cannot be kept faithfully is refused with a message
// that says why, and the result is left as it was: an empty segment (delete nothing by accident), words the
// model cannot spell (digits, symbols: their times could only be guessed), a segment stored without
// posteriors (results from before they were kept, live recordings: the message says whether its audio is
// still there to transcribe again), or text too long for the segment's audio. With posteriors stored, an
// edit needs neither the audio nor the model. What exports write (the edited text where there is one) is also here.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { alignText, spellWord, textWords } from '../core/align';
import { restorePosteriors, storedVocabulary } from '../core/posteriors';
import { ContractError, type StoredSegment, type TranscriptionResult } from '../shared/contract';

/** `segment`'s text replaced by `text`, re-aligned; text equal to the decoder's removes the edit. */
export function editSegment(result: TranscriptionResult, index: number, text: string, now = new Date()): TranscriptionResult {
  const segment = result.segments[index];
  const where = `Segment ${index + 1} of ${result.name}`;
  if (!segment) throw refused(`${result.name} has ${result.segments.length} segments; there is no segment ${index + 1}`);
  const words = textWords(text);
  if (words.length === 0) throw refused(`${where} would be empty: an edit must keep at least one word`);
  const tidy = words.join(' ');
  if (tidy === textWords(segment.text).join(' ')) return withSegment(result, index, withoutEdit(segment));
  const ctc = segment.ctc;
  if (!ctc) {
    const gone = path.isAbsolute(result.source) && !existsSync(result.source);
    throw refused(
      gone
        ? `${where} cannot be re-timed: the result was stored without the model's CTC posteriors, and its audio ${result.source} is gone`
        : `${where} cannot be re-timed: the result was stored without the model's CTC posteriors (before they were kept, or a live recording); transcribe ${result.name} again to edit it`,
    );
  }
  const vocabulary = storedVocabulary(ctc);
  const unspellable = words.flatMap((w) => {
    const spelled = spellWord(w, vocabulary);
    return 'problem' in spelled ? [spelled.problem] : [];
  });
  if (unspellable.length > 0) throw refused(`${where}: ${unspellable.join('; ')}`);
  const aligned = alignText(tidy, restorePosteriors(ctc), vocabulary, { frameSeconds: ctc.frameS, offsetSeconds: segment.start, endSeconds: segment.end });
  if (aligned.problems.length > 0) throw refused(`${where}: ${aligned.problems.map((p) => p.message).join('; ')}`);
  const round = (t: number) => Number(t.toFixed(3));
  const edit = { text: tidy, words: aligned.words.map((w) => ({ word: w.word, start: round(w.start), end: round(w.end), aligned: w.aligned })), editedAt: now.toISOString() };
  return withSegment(result, index, { ...segment, edit });
}

/** The segments as exports write them: the edited text and its words where a segment has an edit. */
export function effectiveSegments(result: TranscriptionResult): { start: number; end: number; text: string; words: { word: string; start: number; end: number; confidence?: number }[]; edited: boolean }[] {
  return result.segments.map((s) => (s.edit ? { start: s.start, end: s.end, text: s.edit.text, words: s.edit.words.map(({ word, start, end }) => ({ word, start, end })), edited: true } : { start: s.start, end: s.end, text: s.text, words: s.words, edited: false }));
}

/** The whole transcript's text with the edits. */
export function effectiveText(result: TranscriptionResult): string {
  if (!result.segments.some((s) => s.edit)) return result.text;
  return effectiveSegments(result)
    .map((s) => s.text)
    .filter((t) => t.length > 0)
    .join(' ');
}

function withSegment(result: TranscriptionResult, index: number, segment: StoredSegment): TranscriptionResult {
  return { ...result, segments: result.segments.map((s, i) => (i === index ? segment : s)) };
}

function withoutEdit(segment: StoredSegment): StoredSegment {
  const { edit: _edit, ...rest } = segment;
  return rest;
}

function refused(message: string): ContractError {
  return new ContractError({ code: 'invalid-edit', message: `${message}. Nothing was changed.` });
}

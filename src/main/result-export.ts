// A stored result as a file people use elsewhere: plain text, SubRip / WebVTT captions (the core's
// cue grouping, so the app and the CLI write the same captions) or the full JSON (words with times,
// run statistics and the options used).

import { captions } from '../core/captions';
import type { ExportFormat, TranscriptionResult } from '../shared/contract';

export function exportText(result: TranscriptionResult, format: ExportFormat): string {
  switch (format) {
    case 'txt':
      return `${result.segments.map((s) => s.text).filter((t) => t.length > 0).join('\n')}\n`;
    case 'srt':
    case 'vtt':
      return captions(result.segments, format);
    case 'json':
      return `${JSON.stringify(result, null, 2)}\n`;
  }
}

/** "talk.wav" + srt → "talk.srt". */
export function exportFileName(result: TranscriptionResult, format: ExportFormat): string {
  const stem = result.name.replace(/\.[^.]+$/, '') || 'transcript';
  return `${stem}.${format}`;
}

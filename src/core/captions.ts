// Captions from word timings: words grouped into cues (bounded length and duration, split at pauses
// and at segment boundaries), written as SubRip (.srt) or WebVTT (.vtt).

import type { WordTiming } from './timing';

export type CaptionFormat = 'srt' | 'vtt';

/** What a cue needs of a word (an edited word has times but no decoder confidence). */
export type CaptionWord = Pick<WordTiming, 'word' | 'start' | 'end'>;

export interface Caption {
  start: number;
  end: number;
  text: string;
}

export interface CueOptions {
  /** Characters per cue. Default 42 (a common subtitle line length). */
  maxChars?: number;
  /** Seconds per cue. Default 6. */
  maxSeconds?: number;
  /** A silence at least this long between words starts a new cue. Default 1. */
  pauseSeconds?: number;
}

/** Cues from each segment's words; a cue never spans two segments. */
export function captionCues(segments: readonly { words: readonly CaptionWord[] }[], options: CueOptions = {}): Caption[] {
  const maxChars = options.maxChars ?? 42;
  const maxSeconds = options.maxSeconds ?? 6;
  const pause = options.pauseSeconds ?? 1;
  const cues: Caption[] = [];
  for (const segment of segments) {
    let cue: Caption | undefined;
    for (const w of segment.words) {
      const fits = cue && cue.text.length + 1 + w.word.length <= maxChars && w.end - cue.start <= maxSeconds && w.start - cue.end < pause;
      if (cue && fits) {
        cue.text += ` ${w.word}`;
        cue.end = Math.max(cue.end, w.end);
      } else {
        if (cue) cues.push(cue);
        cue = { start: w.start, end: w.end, text: w.word };
      }
    }
    if (cue) cues.push(cue);
  }
  return cues;
}

export function captions(segments: readonly { words: readonly CaptionWord[] }[], format: CaptionFormat, options?: CueOptions): string {
  const cues = captionCues(segments, options);
  if (format === 'vtt') {
    return ['WEBVTT', '', ...cues.flatMap((c) => [`${clock(c.start, '.')} --> ${clock(c.end, '.')}`, c.text, ''])].join('\n');
  }
  return cues.flatMap((c, i) => [String(i + 1), `${clock(c.start, ',')} --> ${clock(c.end, ',')}`, c.text, '']).join('\n');
}

/** hh:mm:ss,mmm (SRT) or hh:mm:ss.mmm (VTT). */
export function clock(seconds: number, separator: ',' | '.'): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}

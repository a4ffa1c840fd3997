// How one file's transcript is written: a text line, one JSON object per line, or captions.

import { captions } from '../core/captions';
import type { Transcript } from '../core/pipeline';
import type { SearchWeights } from '../core/decoding';
import type { OutputFormat, TranscribeArguments } from './arguments';

/** The arguments a file ran with, and the weights they searched with (Recogniser.searchWeights). */
export type RunArguments = TranscribeArguments & SearchWeights;

/** The --format json record (one line per file). */
export function jsonRecord(file: string, transcript: Transcript, args: RunArguments, warnings: readonly string[]) {
  const round = (x: number, digits = 3) => Number(x.toFixed(digits));
  const s = transcript.stats;
  return {
    file,
    text: transcript.text,
    decoder: transcript.decoder,
    ...(transcript.decoder === 'nat'
      ? { iterations: args.iterations }
      : {
          beam: args.beam,
          ...(args.ctcWeight === undefined ? {} : { ctcWeight: args.ctcWeight }),
          ...(args.lmWeight === undefined ? {} : { lmWeight: args.lmWeight }),
          ...(args.lengthBonus === undefined ? {} : { lengthBonus: args.lengthBonus }),
        }),
    window: args.window ?? 'full',
    words: transcript.words.map((w) => ({ word: w.word, start: round(w.start), end: round(w.end), confidence: round(w.confidence) })),
    segments: transcript.segments.map((seg) => ({ start: round(seg.start), end: round(seg.end), text: seg.text })),
    stats: {
      featureMs: round(s.featureMs, 1),
      encoderMs: round(s.encoderMs, 1),
      decoderMs: round(s.decoderMs, 1),
      decoderSteps: s.decoderSteps,
      tokensPerSecond: round(s.tokensPerSecond, 1),
      rtf: round(s.rtf, 4),
      audioS: round(s.audioS),
      segments: s.segments,
      backend: s.backend,
    },
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** The text written for one file in `format`. `several`: more than one input, so txt lines are prefixed with the file. */
export function render(format: OutputFormat, file: string, transcript: Transcript, args: RunArguments, warnings: readonly string[], several: boolean): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(jsonRecord(file, transcript, args, warnings))}\n`;
    case 'txt':
      return several ? `${file}\t${transcript.text}\n` : `${transcript.text}\n`;
    case 'srt':
    case 'vtt':
      return captions(transcript.segments, format);
  }
}

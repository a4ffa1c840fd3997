// Command-line arguments of `npm run transcribe -- FILE... [options]`.

import { availableParallelism } from 'node:os';
import type { AttentionWindow, BackendChoice, DecoderKind } from '../core';
import { DEFAULT_SETTINGS } from '../shared/default-settings';

export type OutputFormat = 'txt' | 'json' | 'srt' | 'vtt';

export interface TranscribeArguments {
  inputs: string[];
  decoder: DecoderKind;
  /** AT or CTC beam size (the app's default for the decoder unless given); rescore: the n-best size, 0 for the bundle's. */
  beam: number;
  /** AT's CTC prefix weight; undefined: the bundle's (decoding.atCtcWeight). */
  ctcWeight: number | undefined;
  /** AT and CTC's language-model weight; undefined: the bundle's (decoding.lmWeight, ctcLmWeight) with beam > 1, none with greedy. */
  lmWeight: number | undefined;
  /** AT and CTC's word language-model weight; undefined: the bundle's (decoding.wordLmWeight, ctcWordLmWeight) with beam > 1. */
  wordLmWeight: number | undefined;
  /** With the word model: the out-of-vocabulary penalty; undefined: the bundle's (decoding.oovPenalty, ctcOovPenalty). */
  oovPenalty: number | undefined;
  iterations: number;
  /** undefined: full context. */
  window: AttentionWindow | undefined;
  format: OutputFormat;
  model: string;
  backend: BackendChoice;
  threads: number;
  outputDir: string | undefined;
  maxSegmentS: number;
  /** --trace: each segment's decoding trace in the JSON output (src/core/trace.ts). */
  trace: boolean;
  help: boolean;
}

export const USAGE = `usage: npm run transcribe -- FILE|FOLDER... [options]

  --decoder at|nat|ctc|rescore  decoder (default ${DEFAULT_SETTINGS.decoder}); rescore: CTC beam search's n-best
                           (with the word model when the bundle has one) reranked by the AT decoder (--beam: the
                           beam, default the bundle's decoding.rescoreBeam, its best decoding.rescoreNBest rescored;
                           --ctc-weight, --lm-weight: the combined score's, default decoding.rescore*)
  --beam N                 AT or CTC beam size, 1 = greedy (default: AT ${DEFAULT_SETTINGS.beam}, CTC ${DEFAULT_SETTINGS.ctcBeam}, the app's defaults)
  --ctc-weight W           AT: weight of the CTC prefix score, 0 <= W < 1; 0 = the AT decoder alone
                           (default: the bundle's decoding.atCtcWeight)
  --lm-weight W            AT and CTC: weight of the bundle's character language model, W >= 0; 0 = none
                           (default: the bundle's decoding.lmWeight for AT, ctcLmWeight for CTC, with
                           --beam 2 or more; 0 when greedy)
  --word-lm-weight W       AT and CTC beam search: weight of the bundle's word language model (files.wordLm),
                           W >= 0; 0 = none (default: the bundle's decoding.wordLmWeight for AT,
                           ctcWordLmWeight for CTC, with --beam 2 or more; 0 when greedy or without words.bin)
  --oov-penalty P          with the word model: subtracted once per word outside its vocabulary, P >= 0
                           (default: the bundle's decoding.oovPenalty for AT, ctcOovPenalty for CTC)
  --iterations K           NAT mask-predict iterations after the first pass (default 0)
  --window LEFT,RIGHT      encoder attention window in 40 ms frames, or "full" (default full)
  --format txt|json|srt|vtt  output (default txt); json prints one object per file per line
  --trace                  with --format json: each segment's decoding trace (the search step by step, its
                           n-best, the CTC evidence per frame; src/core/trace.ts), for the decoding explorer
  --model DIR              model bundle folder (default models/default)
  --backend wasm|webgpu|auto  inference backend (default wasm: Node has no WebGPU)
  --threads N              WASM threads (default ${availableParallelism()}: the number of cores; onnxruntime-web's
                           threads run in Node as worker threads)
  --output-dir DIR         write FILE.<format> there instead of printing (srt, vtt, txt, json)
  --max-segment S          longest segment of long audio, seconds (default 20)

A FOLDER stands for the audio files in it and its sub-folders, in name order.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseArguments(argv: readonly string[], defaultModel: string): TranscribeArguments {
  const args: TranscribeArguments = {
    inputs: [],
    decoder: DEFAULT_SETTINGS.decoder,
    beam: 0, // 0 until parsed: the decoder's default
    ctcWeight: undefined,
    lmWeight: undefined,
    wordLmWeight: undefined,
    oovPenalty: undefined,
    iterations: 0,
    window: undefined,
    format: 'txt',
    model: defaultModel,
    backend: 'wasm',
    threads: availableParallelism(),
    outputDir: undefined,
    maxSegmentS: 20,
    trace: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      args.inputs.push(arg);
      continue;
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--help') {
      args.help = true;
      continue;
    }
    if (flag === '--trace' && inline === undefined) {
      args.trace = true;
      continue;
    }
    if (flag === '--') {
      args.inputs.push(...argv.slice(i + 1));
      break;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    switch (flag) {
      case '--decoder':
        args.decoder = oneOf(flag, value, ['at', 'nat', 'ctc', 'rescore'] as const);
        break;
      case '--beam':
        args.beam = wholeNumber(flag, value, 1);
        break;
      case '--ctc-weight':
        args.ctcWeight = Number(value);
        if (!(args.ctcWeight >= 0 && args.ctcWeight < 1)) throw new UsageError(`--ctc-weight must be a number from 0 up to (not including) 1, got "${value}"`);
        break;
      case '--lm-weight':
        args.lmWeight = Number(value);
        if (!(args.lmWeight >= 0 && Number.isFinite(args.lmWeight))) throw new UsageError(`--lm-weight must be a number >= 0, got "${value}"`);
        break;
      case '--word-lm-weight':
        args.wordLmWeight = Number(value);
        if (!(args.wordLmWeight >= 0 && Number.isFinite(args.wordLmWeight))) throw new UsageError(`--word-lm-weight must be a number >= 0, got "${value}"`);
        break;
      case '--oov-penalty':
        args.oovPenalty = Number(value);
        if (!(args.oovPenalty >= 0 && Number.isFinite(args.oovPenalty))) throw new UsageError(`--oov-penalty must be a number >= 0, got "${value}"`);
        break;
      case '--iterations':
        args.iterations = wholeNumber(flag, value, 0);
        break;
      case '--window':
        args.window = parseWindow(value);
        break;
      case '--format':
        args.format = oneOf(flag, value, ['txt', 'json', 'srt', 'vtt'] as const);
        break;
      case '--model':
        args.model = value;
        break;
      case '--backend':
        args.backend = oneOf(flag, value, ['wasm', 'webgpu', 'auto'] as const);
        break;
      case '--threads':
        args.threads = wholeNumber(flag, value, 1);
        break;
      case '--output-dir':
        args.outputDir = value;
        break;
      case '--max-segment':
        args.maxSegmentS = Number(value);
        if (!(args.maxSegmentS >= 2)) throw new UsageError(`--max-segment must be a number of seconds >= 2, got "${value}"`);
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (!args.help && args.inputs.length === 0) throw new UsageError('no input files');
  if (args.trace && args.format !== 'json') throw new UsageError('--trace needs --format json');
  // rescore: 0 stays, for the bundle's decoding.rescoreBeam (the CLI does not know the bundle yet)
  if (args.beam === 0) args.beam = { at: DEFAULT_SETTINGS.beam, ctc: DEFAULT_SETTINGS.ctcBeam, nat: 1, rescore: 0 }[args.decoder];
  return args;
}

function parseWindow(value: string): AttentionWindow | undefined {
  if (value === 'full') return undefined;
  const match = /^(\d+),(\d+)$/.exec(value);
  if (!match) throw new UsageError(`--window takes LEFT,RIGHT in encoder frames (e.g. 16,2) or "full", got "${value}"`);
  return { left: Number(match[1]), right: Number(match[2]) };
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function wholeNumber(flag: string, value: string, minimum: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < minimum) throw new UsageError(`${flag} must be a whole number >= ${minimum}, got "${value}"`);
  return n;
}

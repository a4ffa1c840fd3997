// Command-line options of `npm run bench -- [options]`.

import { availableParallelism } from 'node:os';

export const BENCH_USAGE = `usage: npm run bench -- [options] [FILE|FOLDER...]

  FILE|FOLDER            time the decoders on these files instead of the generated 2/10/30 s audio

  --model DIR            model bundle folder (default models/default)
  --quick                skip the 60-minute scaling case
  --lengths S,S,...      test utterance lengths in seconds (default 2,10,30)
  --minutes M,M,...      scaling file lengths in minutes (default 1,6,60; --quick: 1,6)
  --repeat N             measured runs per utterance after one warm-up (default 3)
  --browser-repeat N     the same in Chromium (default 1: SwiftShader WebGPU takes minutes per run)
  --skip PART,...        leave out parts: node, browser, streaming, scaling
  --speech MANIFEST      speech to build the audio from (default ../shared/data speechocean762 adult-200)
  --browser-timeout S    give up on one Chromium backend after S seconds (default 1800)
  --threads N            onnxruntime-web's WASM threads in Node (default ${availableParallelism()}: the number of
                         cores; Chromium keeps 1)
  --decoders A;B;...     Node timing: only these decoders, by their table names separated by ";"
                         (default all; the speed-up table needs AT greedy among them)
  --json FILE            where the JSON results go (default bench/results/bench-latest.json; with --skip,
                         bench-latest-PARTS.json, e.g. bench-latest-browser.json, so a full run's file stays)
  --keep                 keep the generated audio (printed folder)

Run it nice'd on a shared machine; it prints progress on stderr and the tables on stdout.`;

export type BenchPart = 'node' | 'browser' | 'streaming' | 'scaling';
export const BENCH_PARTS: readonly BenchPart[] = ['node', 'browser', 'streaming', 'scaling'];

export interface BenchOptions {
  inputs: string[];
  model: string | undefined;
  lengthsS: number[];
  minutes: number[];
  repeat: number;
  browserRepeat: number;
  skip: Set<BenchPart>;
  speech: string | undefined;
  browserTimeoutS: number;
  json: string | undefined;
  /** onnxruntime-web's WASM threads in Node (the Node timing, live latency and scaling). */
  threads: number;
  /** Decoder names (bench/decoders.ts); empty: all. */
  decoders: string[];
  keep: boolean;
  help: boolean;
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    inputs: [],
    model: undefined,
    lengthsS: [2, 10, 30],
    minutes: [1, 6, 60],
    repeat: 3,
    browserRepeat: 1,
    skip: new Set(),
    speech: undefined,
    browserTimeoutS: 1800,
    json: undefined,
    threads: availableParallelism(),
    decoders: [],
    keep: false,
    help: false,
  };
  let quick = false;
  let minutesGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
        options.help = true;
        break;
      case '--quick':
        quick = true;
        break;
      case '--keep':
        options.keep = true;
        break;
      case '--model':
        options.model = value();
        break;
      case '--lengths':
        options.lengthsS = numbers(flag, value());
        break;
      case '--minutes':
        options.minutes = numbers(flag, value());
        minutesGiven = true;
        break;
      case '--repeat':
        options.repeat = numbers(flag, value())[0]!;
        if (!Number.isInteger(options.repeat) || options.repeat < 1) throw new Error('--repeat must be a whole number >= 1');
        break;
      case '--browser-repeat':
        options.browserRepeat = numbers(flag, value())[0]!;
        if (!Number.isInteger(options.browserRepeat)) throw new Error('--browser-repeat must be a whole number >= 1');
        break;
      case '--skip':
        for (const part of value().split(',')) {
          if (!BENCH_PARTS.includes(part as BenchPart)) throw new Error(`--skip: unknown part "${part}"`);
          options.skip.add(part as BenchPart);
        }
        break;
      case '--speech':
        options.speech = value();
        break;
      case '--browser-timeout':
        options.browserTimeoutS = numbers(flag, value())[0]!;
        break;
      case '--json':
        options.json = value();
        break;
      case '--threads':
        options.threads = numbers(flag, value())[0]!;
        if (!Number.isInteger(options.threads) || options.threads < 1) throw new Error('--threads must be a whole number >= 1');
        break;
      case '--decoders':
        options.decoders = value().split(';').map((name) => name.trim()).filter((name) => name);
        break;
      default:
        if (flag.startsWith('--')) throw new Error(`unknown option ${flag}`);
        options.inputs.push(flag);
    }
  }
  if (quick && !minutesGiven) options.minutes = options.minutes.filter((m) => m < 60);
  return options;
}

function numbers(flag: string, value: string): number[] {
  const list = value.split(',').map(Number);
  if (list.length === 0 || list.some((n) => !(n > 0))) throw new Error(`${flag} takes positive numbers separated by commas, got "${value}"`);
  return list;
}

/** The default JSON file: a run that skips parts writes its own, so it never overwrites a full run's results. */
export function defaultJsonName(skip: ReadonlySet<BenchPart>): string {
  const ran = BENCH_PARTS.filter((part) => !skip.has(part));
  return skip.size === 0 ? 'bench-latest.json' : `bench-latest-${ran.join('+') || 'none'}.json`;
}

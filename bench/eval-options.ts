// Command-line options of `npm run eval -- MANIFEST [options]`.

export const EVAL_USAGE = `usage: npm run eval -- MANIFEST [options]

  MANIFEST               audio-path<TAB>reference per line (relative paths: relative to the manifest),
                         or the recipe's JSONL ({"audio": ..., "text": ...} per line)
  --model DIR            model bundle folder (default models/default)
  --limit N              only the first N utterances
  --no-peer              do not run Debian's pocketsphinx beside the workbench's decoders
  --json FILE            where the JSON results go (default bench/results/eval-latest.json)
  --decoders A;B;...     only these workbench decoders, by their table names separated by ";" (default all)

Scores WER and CER (substitutions, deletions, insertions) per decoder, with the transcript
normalisation of src/core/text.ts (twin of training/corpus/text.py) applied to both sides.`;

export interface EvalOptions {
  manifest: string | undefined;
  model: string | undefined;
  limit: number | undefined;
  peer: boolean;
  json: string | undefined;
  /** Decoder names (bench/decoders.ts); empty: all. */
  decoders: string[];
  help: boolean;
}

export function parseEvalOptions(argv: readonly string[]): EvalOptions {
  const options: EvalOptions = { manifest: undefined, model: undefined, limit: undefined, peer: true, json: undefined, decoders: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--help') options.help = true;
    else if (arg === '--no-peer') options.peer = false;
    else if (arg === '--model') options.model = value();
    else if (arg === '--json') options.json = value();
    else if (arg === '--decoders') options.decoders = value().split(';').map((name) => name.trim()).filter((name) => name);
    else if (arg === '--limit') {
      options.limit = Number(value());
      if (!Number.isInteger(options.limit) || options.limit < 1) throw new Error('--limit must be a whole number >= 1');
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else if (options.manifest === undefined) options.manifest = arg;
    else throw new Error(`one manifest only (got "${options.manifest}" and "${arg}")`);
  }
  if (!options.help && options.manifest === undefined) throw new Error('no manifest given');
  return options;
}

// `tsx bench/confidence.ts [--decoder at|nat|ctc] [--limit N] [--dev-only] [--tests a,b]`: how well a low word confidence (src/core/confidence.ts)
// finds the wrong words. Each hypothesis word is right or wrong by a minimum-edit alignment against the
// reference (word-correctness.ts); a word is flagged when its confidence is below the threshold. Precision: flagged
// words that are wrong; recall: wrong words that are flagged. The CTC weight and the threshold are chosen on dev
// data (so762-dev150, best F1), then measured on the test parts at that choice, beside the decoder's own token
// probabilities alone (weight 0) at their own dev-chosen threshold. Tables on stdout.

import path from 'node:path';
import { combineWitnesses, configureOnnxRuntime, normalise, Recogniser, TokenTable, wordWitnesses, type DecodeOptions, type WordWitnesses } from '../src/core';
import { folderBundleReader } from '../src/cli/folder-bundle-reader';
import { readManifest } from './manifest';
import { DEFAULT_MODEL } from './paths';
import { markdownTable } from './table';
import { logProbsOf, utteranceRuns } from './utterance-runs';
import { hypothesisWordsRight } from './word-correctness';

const MANIFESTS = '/work/data/corpus/manifests';
const DEV = 'so762-dev150';
const WEIGHTS = [0, 0.25, 0.5, 0.75, 1];
const THRESHOLDS = Array.from({ length: 39 }, (_, i) => 0.025 * (i + 1));

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const decoder = (flag('--decoder') ?? 'at') as 'at' | 'ctc' | 'nat';
const devOnly = args.includes('--dev-only');
const TESTS = (flag('--tests') ?? 'so762-test-adult200,commonvoice-test').split(',');
const limit = Number(flag('--limit') ?? Infinity);
// The app's defaults (src/shared/default-settings.ts): AT beam 8 and NAT 2 iterations, with the bundle's weights; CTC greedy.
const options: DecodeOptions = decoder === 'at' ? { decoder: 'at', beam: 8 } : decoder === 'nat' ? { decoder: 'nat', iterations: 2 } : { decoder: 'ctc' };

interface ScoredWord {
  witnesses: WordWitnesses;
  right: boolean;
}

configureOnnxRuntime({ numThreads: 1, logLevel: 'error' });
const recogniser = await Recogniser.load(folderBundleReader(DEFAULT_MODEL), { backend: 'wasm' });
const tokens = new TokenTable(recogniser.config.tokens);

async function scoredWords(part: string): Promise<ScoredWord[]> {
  const entries = (await readManifest(path.join(MANIFESTS, `${part}.jsonl`))).slice(0, limit);
  const name = `${part}-${decoder}${Number.isFinite(limit) ? `-${limit}` : ''}`;
  const runs = await utteranceRuns(recogniser, entries, name, options, (line) => process.stderr.write(`${line}\n`));
  return runs.flatMap((run) => {
    const witnesses = run.segments.flatMap((s) => {
      const found = wordWitnesses(s.tokens, s.confidences, { logProbs: logProbsOf(s), frames: s.frames, vocabulary: tokens.size }, tokens);
      if (found.length !== s.words.length) throw new Error(`${run.audio}: ${found.length} witnessed words, ${s.words.length} timed`);
      return found;
    });
    const hypothesis = run.segments.flatMap((s) => s.words.map((w) => normalise(w.word)));
    const right = hypothesisWordsRight(normalise(run.reference).split(' ').filter((w) => w), hypothesis);
    return witnesses.map((w, i) => ({ witnesses: w, right: right[i]! }));
  });
}

function flagged(words: readonly ScoredWord[], weight: number, threshold: number) {
  let truePositives = 0;
  let flags = 0;
  let wrong = 0;
  for (const w of words) {
    const low = combineWitnesses(w.witnesses, weight) < threshold;
    if (!w.right) wrong++;
    if (low) flags++;
    if (low && !w.right) truePositives++;
  }
  const precision = truePositives / Math.max(1, flags);
  const recall = truePositives / Math.max(1, wrong);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), flagged: flags / Math.max(1, words.length) };
}

/** Average precision of finding the wrong words by ascending confidence (threshold-free; the share of wrong words is chance). */
function averagePrecision(words: readonly ScoredWord[], weight: number): number {
  const sorted = words.map((w) => ({ c: combineWitnesses(w.witnesses, weight), wrong: !w.right })).sort((a, b) => a.c - b.c);
  const wrong = sorted.filter((w) => w.wrong).length;
  let found = 0;
  let sum = 0;
  sorted.forEach((w, i) => {
    if (w.wrong) sum += ++found / (i + 1);
  });
  return sum / Math.max(1, wrong);
}

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;
const dev = await scoredWords(DEV);
const choices = WEIGHTS.map((weight) => {
  const best = THRESHOLDS.map((threshold) => ({ threshold, ...flagged(dev, weight, threshold) })).reduce((a, b) => (b.f1 > a.f1 ? b : a));
  return { weight, ...best, ap: averagePrecision(dev, weight) };
});
const chosen = choices.reduce((a, b) => (b.f1 > a.f1 ? b : a));
const decoderAlone = choices.find((c) => c.weight === 0)!;
const wrongShare = (words: readonly ScoredWord[]) => percent(words.filter((w) => !w.right).length / Math.max(1, words.length));

let out = `## Word confidence: finding the wrong words (decoder ${JSON.stringify(options)})\n\n`;
out += `Dev (${DEV}: ${dev.length} hypothesis words, ${wrongShare(dev)} wrong): best F1 threshold per CTC weight\n\n`;
out += `${markdownTable(
  ['CTC weight', 'average precision', 'best-F1 threshold', 'precision', 'recall', 'F1', 'words flagged'],
  choices.map((c) => [c.weight, c.ap.toFixed(3), c.threshold.toFixed(3), percent(c.precision), percent(c.recall), c.f1.toFixed(3), percent(c.flagged)]),
)}\n\n`;
const rows: (string | number)[][] = [];
for (const part of devOnly ? [] : TESTS) {
  const words = await scoredWords(part);
  const compared = chosen === decoderAlone ? [chosen, choices.find((c) => c.weight === 0.5)!] : [chosen, decoderAlone];
  for (const c of compared) {
    const label = `${c === chosen ? 'dev choice: ' : ''}CTC weight ${c.weight}, threshold ${c.threshold.toFixed(3)}`;
    const r = flagged(words, c.weight, c.threshold);
    rows.push([part, `${words.length} (${wrongShare(words)} wrong)`, label, averagePrecision(words, c.weight).toFixed(3), percent(r.precision), percent(r.recall), r.f1.toFixed(3), percent(r.flagged)]);
  }
}
out += `Test, at the dev choices\n\n${markdownTable(['test part', 'hypothesis words', 'confidence', 'average precision', 'precision', 'recall', 'F1', 'words flagged'], rows)}\n`;
process.stdout.write(out);
await recogniser.release();

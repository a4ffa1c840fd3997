// `npx tsx bench/word-search-grid.ts MANIFEST WORDS.BIN [--limit N] [--cache FILE] [--beam B] SPEC...`: WER and
// non-words (% of output words outside the word model's vocabulary) of word-aware CTC beam search
// (src/core/word-search.ts) over a grid of weights, to choose model.json's ctcWordLmWeight, ctcOovPenalty and
// ctcWordBonus on dev data (never a test set). Each SPEC is charWeight,lengthBonus,wordWeight,oovPenalty,wordBonus
// (wordWeight 0: without the word model). The utterances are encoded once (full context, with the tail, whole:
// dev utterances are short) by the bundle (--model, default models/default); --cache keeps the CTC
// log-probabilities between runs.

import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { CharacterLM, configureOnnxRuntime, Lexicon, normalise, Recogniser, Tally, wordBeamSearch, WordFusion, WordLanguageModel } from '../src/core';
import { folderBundleReader } from '../src/cli/folder-bundle-reader';
import { decodeFile, extractFeatures } from '../src/audio';
import { readManifest } from './manifest';
import { DEFAULT_MODEL, fromUser } from './paths';

const argv = process.argv.slice(2);
const take = (flag: string) => {
  const at = argv.indexOf(flag);
  return at < 0 ? undefined : argv.splice(at, 2)[1];
};
const limit = Number(take('--limit') ?? Infinity);
const cache = take('--cache');
const beam = Number(take('--beam') ?? 16);
const model = fromUser(take('--model') ?? DEFAULT_MODEL);
const [manifest, wordsFile, ...specs] = argv;
if (!manifest || !wordsFile || specs.length === 0) {
  process.stderr.write('usage: npx tsx bench/word-search-grid.ts MANIFEST WORDS.BIN [--limit N] [--cache FILE] [--beam B] [--model DIR] CHAR,BONUS,WORD,OOV,WORDBONUS...\n');
  process.exit(2);
}

configureOnnxRuntime({ numThreads: 1, logLevel: 'error' });
const recogniser = await Recogniser.load(folderBundleReader(model), { backend: 'wasm' });
const V = recogniser.tokens.size;
type Utterance = { reference: string; frames: number; ctc: Float32Array };
let utterances: Utterance[];
if (cache && existsSync(cache)) {
  const stored = JSON.parse(await readFile(cache, 'utf8')) as { reference: string; frames: number; ctc: string }[];
  utterances = stored.map((u) => ({ ...u, ctc: new Float32Array(new Uint8Array(Buffer.from(u.ctc, 'base64')).buffer) }));
} else {
  utterances = [];
  for (const entry of (await readManifest(fromUser(manifest))).slice(0, limit)) {
    const { frames, nFrames } = await extractFeatures((await decodeFile(entry.audio)).samples);
    const encoder = await recogniser.encodeUtterance(frames, nFrames);
    utterances.push({ reference: normalise(entry.reference), frames: encoder.frames, ctc: encoder.ctcLogProbs.slice() });
    if (utterances.length % 25 === 0) process.stderr.write(`  encoded ${utterances.length}\n`);
  }
  if (cache) await writeFile(cache, JSON.stringify(utterances.map((u) => ({ ...u, ctc: Buffer.from(u.ctc.buffer, u.ctc.byteOffset, u.ctc.byteLength).toString('base64') }))));
}
utterances = utterances.slice(0, limit);

const words = new WordLanguageModel(new Uint8Array(await readFile(fromUser(wordsFile))));
const lexicon = Lexicon.forTokens(words, recogniser.tokens);
const lm = recogniser.lm!;
process.stdout.write(`| char LM | length bonus | word LM | OOV penalty | word bonus | WER % | S | D | I | non-words % | seconds |\n|---|---|---|---|---|---|---|---|---|---|---|\n`);
for (const spec of specs) {
  const [charWeight, lengthBonus, wordWeight, oovPenalty, wordBonus] = spec.split(',').map(Number) as [number, number, number, number, number];
  const fusion = wordWeight > 0 ? WordFusion.forTokens(words, recogniser.tokens, { weight: wordWeight, oovPenalty, wordBonus }, lexicon) : undefined;
  const tally = new Tally();
  let nonWords = 0;
  let total = 0;
  const started = performance.now();
  for (const u of utterances) {
    const best = wordBeamSearch(u.ctc, u.frames, V, recogniser.tokens.blank, recogniser.tokens.sosEos, {
      beam,
      lengthBonus,
      ...(charWeight > 0 ? { fusion: { lm: lm as CharacterLM, weight: charWeight } } : {}),
      ...(fusion ? { words: fusion } : {}),
    })[0]!;
    const hypothesis = normalise(recogniser.tokens.decode(best.tokens));
    tally.add(u.reference.split(' ').filter(Boolean), hypothesis.split(' ').filter(Boolean));
    for (const w of hypothesis.split(' ').filter(Boolean)) {
      total++;
      if (!words.isKnown(w)) nonWords++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `| ${charWeight} | ${lengthBonus} | ${wordWeight} | ${oovPenalty} | ${wordBonus} | ${(100 * tally.rate()).toFixed(2)} | ${tally.substitutions} | ${tally.deletions} | ${tally.insertions} | ${((100 * nonWords) / Math.max(total, 1)).toFixed(2)} | ${seconds.toFixed(1)} |\n`,
  );
}
await recogniser.release();

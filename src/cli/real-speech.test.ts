// The trained bundle on real speech: the first held-out speechocean762 test utterances (adult speakers,
// read in place from ../shared/data) decoded with CTC, AT and NAT through the same front end and core
// as the CLI must give what the recipe's PyTorch model gave on the same audio
// (src/core/fixtures/default-reference/real-speech.json, written by `training.fixtures --real`).
// The CER against the human reference is printed beside it: the model's accuracy is the card's
// business (training/evaluate.py); this test guards that the app reproduces it. Skipped, saying why,
// only where the trained bundle or ../shared/data is absent.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureOnnxRuntime } from '../core/backend';
import type { DecodeOptions } from '../core/decoding';
import { transcribe } from '../core/pipeline';
import { Recogniser } from '../core/recogniser';
import { characters, Tally } from '../core/score';
import { normalise } from '../core/text';
import { decodeFile, extractFeatures } from '../audio';
import { folderBundleReader } from './folder-bundle-reader';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MODEL = path.join(ROOT, 'models/default');
const DATA = path.resolve(ROOT, '../shared/data');
const MANIFEST_SCRIPT = path.join(DATA, 'speechocean762/test-adult200.sh');
const RECIPE = path.join(ROOT, 'src/core/fixtures/default-reference/real-speech.json');
/** Character edits between the app's and the recipe's hypotheses, per recipe character: the two front
 * ends decode Opus with different builds of libopus, so a near-tie may flip a character or two. */
const MAX_DISAGREEMENT = 0.1;

const hasModel = existsSync(path.join(MODEL, 'model.json')) && existsSync(RECIPE);
const hasData = existsSync(MANIFEST_SCRIPT);
const reason = !hasModel
  ? 'models/default/model.json is absent: the trained bundle has not been exported there yet'
  : 'the real-speech data (../shared/data/speechocean762) is absent';
if (!hasModel || !hasData) console.warn(`real-speech test skipped: ${reason}`);

const title = 'trained bundle on real speech (speechocean762 test, adults)';
describe.skipIf(!hasModel || !hasData)(hasModel && hasData ? title : `${title}: SKIPPED, ${reason}`, () => {
  let recogniser: Recogniser;
  let utterances: { file: string; reference: string; recipe: Record<'ctc' | 'at' | 'nat', string> }[];

  beforeAll(async () => {
    configureOnnxRuntime({ numThreads: 1 });
    recogniser = await Recogniser.load(folderBundleReader(MODEL), { backend: 'wasm' });
    const recipe = JSON.parse(readFileSync(RECIPE, 'utf8')) as ({ file: string } & Record<'ctc' | 'at' | 'nat', string>)[];
    const manifest = execFileSync('bash', [MANIFEST_SCRIPT], { encoding: 'utf8' }).trim().split('\n');
    utterances = recipe.map((row) => {
      const line = manifest.find((l) => path.basename(l.split('\t')[0] ?? '') === row.file);
      if (!line) throw new Error(`${row.file} (in ${RECIPE}) is not in the adult-200 manifest`);
      const [file = '', reference = ''] = line.split('\t');
      return { file, reference: normalise(reference), recipe: row };
    });
  }, 60_000);

  it.each<[string, 'ctc' | 'at' | 'nat', DecodeOptions]>([
    ['CTC greedy', 'ctc', { decoder: 'ctc' }],
    ['AT greedy', 'at', { decoder: 'at', beam: 1 }],
    ['NAT Mask-CTC k=0', 'nat', { decoder: 'nat', iterations: 0 }],
  ])('%s gives the recipe\'s transcripts', async (_, kind, options) => {
    const agreement = new Tally();
    const accuracy = new Tally();
    const lines: string[] = [];
    for (const { file, reference, recipe } of utterances) {
      const audio = await decodeFile(file);
      const transcript = await transcribe(recogniser, audio.samples, { ...options, extractFeatures });
      const hypothesis = normalise(transcript.text);
      const expected = normalise(recipe[kind]);
      agreement.add(characters(expected), characters(hypothesis));
      accuracy.add(characters(reference), characters(hypothesis));
      lines.push(`${path.basename(file)}: reference "${reference}", recipe "${expected}", app "${hypothesis}"`);
    }
    console.log(`${kind}: CER against the human references ${(100 * accuracy.rate()).toFixed(1)} %\n${lines.join('\n')}`);
    const edits = agreement.substitutions + agreement.deletions + agreement.insertions;
    expect(edits / Math.max(1, agreement.n), lines.join('\n')).toBeLessThanOrEqual(MAX_DISAGREEMENT);
  }, 120_000);
});

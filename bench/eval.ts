// `npm run eval -- MANIFEST [options]`: WER and CER (S/D/I) of every workbench decoder on a manifest,
// with Debian's pocketsphinx beside them on the same audio when it is installed. Scored by the one
// scorer (src/core/score.ts) after the one normalisation (src/core/text.ts). Table on stdout, progress
// on stderr, JSON with every hypothesis in bench/results/eval-latest.json unless --json.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { configureOnnxRuntime, Recogniser } from '../src/core';
import { decodeFile } from '../src/audio';
import { folderBundleReader } from '../src/cli/folder-bundle-reader';
import { decodersFor } from './decoders';
import { startCommand } from './command-line';
import { EVAL_USAGE, parseEvalOptions } from './eval-options';
import { evalTable, nonWordShare } from './eval-report';
import { NORMALISATION } from './error-counts';
import { describeMachine, machineInfo } from './machine';
import { readManifest } from './manifest';
import { fromUser, ROOT } from './paths';
import { pocketsphinxMissing, PocketsphinxPeer } from './pocketsphinx-peer';
import { WorkbenchSystems, type SystemResult } from './workbench-systems';

const progress = (line: string) => process.stderr.write(`${line}\n`);

const { options, model } = startCommand('eval', parseEvalOptions, EVAL_USAGE, 'choose one with --model DIR');
const manifestFile = fromUser(options.manifest!);
const entries = (await readManifest(manifestFile)).slice(0, options.limit);
const machine = machineInfo();
configureOnnxRuntime({ numThreads: 1, logLevel: 'error' });
const recogniser = await Recogniser.load(folderBundleReader(model), { backend: 'wasm' });
progress(`eval: ${entries.length} utterances from ${manifestFile}; model ${model}`);
progress(`eval: ${describeMachine(machine)}`);

const missing = options.peer ? pocketsphinxMissing() : 'not asked for (--no-peer)';
if (missing) progress(`eval: pocketsphinx peer skipped: ${missing}`);
const scratch = await mkdtemp(path.join(os.tmpdir(), 's2s-eval-'));
const peer = missing ? undefined : new PocketsphinxPeer(scratch);
const workbench = new WorkbenchSystems(recogniser, decodersFor(recogniser.config));
const failures: { audio: string; error: string }[] = [];
for (const [index, entry] of entries.entries()) {
  let samples: Float32Array;
  try {
    samples = (await decodeFile(entry.audio)).samples;
  } catch (error) {
    // An unreadable file is reported and left out of every system's score alike.
    failures.push({ audio: entry.audio, error: (error as Error).message });
    progress(`eval: skipped ${entry.audio}: ${(error as Error).message}`);
    continue;
  }
  await workbench.add({ samples, reference: entry.reference });
  await peer?.add(samples, entry.reference);
  if ((index + 1) % 20 === 0 || index + 1 === entries.length) progress(`  workbench: ${index + 1}/${entries.length} utterances`);
}
const results: SystemResult[] = workbench.results();
if (peer) {
  progress('  pocketsphinx_batch: running over the same audio');
  try {
    results.push(await peer.run());
  } catch (error) {
    progress(`eval: pocketsphinx failed: ${(error as Error).message}`);
  }
}

// With a word language model: the share of each system's output words outside its vocabulary (non-words).
const { wordLm } = recogniser;
if (wordLm) for (const r of results) r.nonWords = nonWordShare(r.hypotheses, (w) => wordLm.isKnown(w));
await recogniser.release();

const scored = entries.filter((e) => !failures.some((f) => f.audio === e.audio));
const header = `## Evaluation\n\nmanifest: ${manifestFile} (${scored.length} utterances, ${results[0]!.audioS.toFixed(1)} s of audio${failures.length ? `; ${failures.length} unreadable, left out` : ''})\nmodel: ${path.relative(ROOT, model) || model} (${recogniser.config.architecture.parameters} parameters), Node WASM, 1 thread\nmachine: ${describeMachine(machine)}${missing ? `\npocketsphinx: skipped, ${missing}` : ''}`;
process.stdout.write(`${header}\n\n${evalTable(results)}\n`);

const jsonFile = options.json ? fromUser(options.json) : path.join(ROOT, 'bench/results/eval-latest.json');
await mkdir(path.dirname(jsonFile), { recursive: true });
const utterances = scored.map((e, i) => ({ audio: e.audio, reference: e.reference, hypotheses: Object.fromEntries(results.map((r) => [r.system, r.hypotheses[i]])) }));
await writeFile(
  jsonFile,
  `${JSON.stringify({ manifest: manifestFile, model, machine, normalisation: NORMALISATION, failures, systems: results.map(({ hypotheses: _, ...r }) => r), utterances }, null, 1)}\n`,
);
progress(`eval: JSON written to ${jsonFile}`);
await rm(scratch, { recursive: true, force: true });

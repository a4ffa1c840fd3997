// Where the time goes, per utterance length (issue #29, parts 3 and 4): features, the full-context
// encoder, each fast decoder, the JS after the decoder (token times, statistics), the cost of a part's
// smallest possible run (its floor: session call, every node's dispatch, the weights streamed once),
// and the arithmetic each part does beside the MatMul rate onnxruntime-web reaches on this machine.
//
//   nice npx tsx bench/time-split.ts [--lengths 2,10,30] [--rounds 7] [--speech MANIFEST] [--model DIR]
//
// Every step of a round runs once, in a fixed order, so old cache contents and other processes' load
// fall on all steps alike; medians over the rounds after one warm-up. CPU time (this process's, onnxruntime-web
// runs on this thread with one WASM thread) is the figure to read on a shared machine; wall time beside it.

import * as ort from 'onnxruntime-web';
import { configureOnnxRuntime, type DecodeOptions, type EncoderOutput, Recogniser } from '../src/core';
import { extractFeatures } from '../src/audio';
import { folderBundleReader } from '../src/cli/folder-bundle-reader';
import { timedWithCpu } from './cpu-time';
import { machineInfo, describeMachine } from './machine';
import { matMulModel } from './matmul-model';
import { encoderMacs, natPassMacs } from './model-flops';
import { DEFAULT_MODEL, fromUser } from './paths';
import { SpeechPool } from './speech-pool';
import { median } from './statistics';
import { markdownTable } from './table';
import { testUtterances } from './test-audio';

interface Options {
  lengthsS: number[];
  rounds: number;
  speech: string | undefined;
  model: string;
}

function parse(argv: readonly string[]): Options {
  const options: Options = { lengthsS: [2, 10, 30], rounds: 7, speech: undefined, model: DEFAULT_MODEL };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i] ?? (() => { throw new Error(`${argv[i - 1]} needs a value`); })();
    switch (argv[i]) {
      case '--lengths': options.lengthsS = value().split(',').map(Number); break;
      case '--rounds': options.rounds = Number(value()); break;
      case '--speech': options.speech = fromUser(value()); break;
      case '--model': options.model = fromUser(value()); break;
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return options;
}

const options = parse(process.argv.slice(2));
configureOnnxRuntime({ numThreads: 1, logLevel: 'error' });
const recogniser = await Recogniser.load(folderBundleReader(options.model), { backend: 'wasm' });
const { config } = recogniser;
const pool = await SpeechPool.open(options.speech);
const utterances = await testUtterances(pool, options.lengthsS);
process.stdout.write(`## Where the time goes\n\n${describeMachine(machineInfo())}; speech: ${pool.source}; ${options.rounds} rounds after one warm-up, medians\n`);

const DECODERS: { name: string; options: DecodeOptions }[] = [
  { name: 'AT greedy', options: { decoder: 'at', beam: 1 } },
  { name: 'NAT k=0', options: { decoder: 'nat', iterations: 0 } },
  { name: 'CTC greedy', options: { decoder: 'ctc' } },
];

const int64 = (values: number[], dims: number[]) => new ort.Tensor('int64', BigInt64Array.from(values, BigInt), dims);

/** The NAT part's smallest run: one frame, one token. */
function natFloor(encoder: EncoderOutput): Promise<unknown> {
  const names = config.files.nat;
  const d = config.architecture.dModel;
  return recogniser.runtime.session('nat').run({
    [names.inputs.encoded]: new ort.Tensor('float32', encoder.encoded.slice(0, d), [1, 1, d]),
    [names.inputs.encodedLengths]: int64([1], [1]),
    [names.inputs.tokens]: int64([config.tokens.sosEos], [1, 1]),
    [names.inputs.tokenLengths]: int64([1], [1]),
  });
}

for (const utterance of utterances) {
  const features = extractFeatures(utterance.samples);
  const encoded = await recogniser.encodeUtterance(features.frames, features.nFrames);
  const S = encoded.frames;
  const { dModel, ffDim } = config.architecture;
  const peak = await ort.InferenceSession.create(matMulModel(S, dModel, ffDim), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const peakInput = new ort.Tensor('float32', encoded.encoded.slice(0, S * dModel), [S, dModel]);
  const tokens = new Map<string, number>();
  const steps: { name: string; macs?: (r: Map<string, number>) => number; run: () => Promise<unknown> }[] = [
    { name: 'features', run: async () => extractFeatures(utterance.samples) },
    { name: 'encoder', macs: () => encoderMacs(config, features.nFrames + config.decoding.tailFrames), run: () => recogniser.encodeUtterance(features.frames, features.nFrames) },
    { name: 'encoder floor (7 frames)', run: () => recogniser.encode(features.frames, 7) },
    ...DECODERS.map((d) => ({
      name: `decoder: ${d.name}`,
      ...(d.name === 'NAT k=0' ? { macs: (r: Map<string, number>) => natPassMacs(config, S, r.get('NAT k=0') ?? 0) } : {}),
      run: async () => tokens.set(d.name, (await recogniser.decode(encoded, d.options)).tokens.length),
    })),
    { name: 'NAT floor (1 frame, 1 token)', run: () => natFloor(encoded) },
    {
      name: 'after the NAT decoder (times, statistics)',
      run: async () => {
        const decoded = await recogniser.decode(encoded, { decoder: 'nat' });
        const [, t] = await timedWithCpu(() => recogniser.finish(encoded, decoded, { audioS: utterance.durationS, encoderMs: 0, decoderMs: 0, ran: recogniser.runSettings({ decoder: 'nat' }, encoded.window) }));
        return t;
      },
    },
    { name: `MatMul ${S}×${dModel} · ${dModel}×${ffDim} (the practical peak)`, macs: () => S * dModel * ffDim, run: () => peak.run({ x: peakInput }) },
  ];
  const cpu = steps.map(() => [] as number[]);
  const wall = steps.map(() => [] as number[]);
  for (let round = 0; round <= options.rounds; round++) {
    for (const [i, step] of steps.entries()) {
      const [result, t] = await timedWithCpu(step.run);
      // The glue step times only the part after the decoder: it returns that time itself.
      const measured = step.name.startsWith('after') ? (result as { wallMs: number; cpuMs: number }) : t;
      if (round > 0) {
        cpu[i]!.push(measured.cpuMs);
        wall[i]!.push(measured.wallMs);
      }
    }
  }
  await peak.release();
  const rows = steps.map((step, i) => {
    const cpuMs = median(cpu[i]!);
    const mflop = step.macs ? (2 * step.macs(tokens)) / 1e6 : undefined;
    return [step.name, cpuMs.toFixed(2), median(wall[i]!).toFixed(2), mflop?.toFixed(0), mflop === undefined ? undefined : (mflop / cpuMs).toFixed(1)];
  });
  const at = median(cpu[steps.findIndex((s) => s.name === 'decoder: AT greedy')]!);
  const nat = median(cpu[steps.findIndex((s) => s.name === 'decoder: NAT k=0')]!);
  process.stdout.write(
    `\n### ${utterance.label} (${features.nFrames} feature frames, ${S} encoder frames with the tail; tokens: ${[...tokens].map(([k, v]) => `${k} ${v}`).join(', ')})\n\n` +
      `${markdownTable(['step', 'CPU ms', 'wall ms', 'MFLOP', 'GFLOP/s (CPU)'], rows)}\n\nNAT k=0 decoder ${(at / nat).toFixed(2)}× faster than AT greedy (CPU time)\n`,
  );
}
process.stdout.write(`\nload average at the end: ${machineInfo().loadAverage}\n`);
await recogniser.release();

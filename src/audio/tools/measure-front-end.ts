// Times the log-mel front end, old path against new, on 60 s of speech (the golden fixture repeated):
//  - Meyda: Meyda.extract('melBands') per frame, its bands copied into the float32 output (what
//    writeMelBandFrames did before the fast path);
//  - fast: writeMelBandFrames as it is now.
// The two alternate, round after round, so that load from other processes falls on both alike; the
// median round of each is reported (wall time, and CPU time, which other processes disturb less), with
// the largest difference between their outputs.
//   nice npx tsx src/audio/tools/measure-front-end.ts [--seconds 60] [--rounds 5]
// Used for the figures in docs/benchmarks.md ("Front end"); not part of the test suite.

import { decodeFile } from '../decode-file';
import { FEATURE_PARAMETERS } from '../feature-parameters';
import { frameCount } from '../feature-framing';
import { fixture } from '../fixtures/fixture-path';
import { meydaForTests, writeMelBandFrames } from '../meyda-mel-bands';

const { sampleRate, nMels, frameSize, hopSize } = FEATURE_PARAMETERS;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function meydaPath(samples: Float32Array, out: Float32Array): void {
  const Meyda = meydaForTests;
  writeMelBandFrames(samples, 0, 0, hopSize, out, 0); // configures the singleton as before
  const nFrames = out.length / nMels;
  for (let t = 0; t < nFrames; t++) {
    const bands = Meyda.extract('melBands', samples.subarray(t * hopSize, t * hopSize + frameSize));
    for (let m = 0; m < nMels; m++) out[t * nMels + m] = bands[m]!;
  }
}

function fastPath(samples: Float32Array, out: Float32Array): void {
  writeMelBandFrames(samples, 0, out.length / nMels, hopSize, out, 0);
}

/** Runs `run` once: wall and CPU (user + system) milliseconds per frame. */
function timed(run: () => void, nFrames: number): { wall: number; cpu: number } {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  run();
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: wall / nFrames, cpu: (cpu.user + cpu.system) / 1000 / nFrames };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const seconds = option('seconds', 60);
  const rounds = option('rounds', 5);
  const speech = (await decodeFile(fixture('golden/utterance.wav'))).samples;
  const samples = new Float32Array(seconds * sampleRate);
  for (let i = 0; i < samples.length; i += speech.length) samples.set(speech.subarray(0, samples.length - i), i);
  const nFrames = frameCount(samples.length);
  const meydaOut = new Float32Array(nFrames * nMels);
  const fastOut = new Float32Array(nFrames * nMels);

  // Warm-up: let V8 optimise both paths before timing.
  meydaPath(samples.subarray(0, 100 * hopSize + frameSize), new Float32Array(101 * nMels));
  fastPath(samples, fastOut);

  const times = { meyda: [] as { wall: number; cpu: number }[], fast: [] as { wall: number; cpu: number }[] };
  for (let round = 0; round < rounds; round++) {
    times.meyda.push(timed(() => meydaPath(samples, meydaOut), nFrames));
    times.fast.push(timed(() => fastPath(samples, fastOut), nFrames));
    const [meyda, fast] = [times.meyda.at(-1)!, times.fast.at(-1)!];
    process.stderr.write(`round ${round + 1}: Meyda ${meyda.wall.toFixed(4)} ms/frame, fast ${fast.wall.toFixed(4)} ms/frame (wall)\n`);
  }

  let worst = 0;
  let identical = 0;
  for (let i = 0; i < fastOut.length; i++) {
    worst = Math.max(worst, Math.abs(fastOut[i]! - meydaOut[i]!));
    if (fastOut[i] === meydaOut[i]) identical++;
  }
  const summary = (kind: 'wall' | 'cpu') => {
    const meyda = median(times.meyda.map((t) => t[kind]));
    const fast = median(times.fast.map((t) => t[kind]));
    return {
      meydaMsPerFrame: +meyda.toFixed(4),
      fastMsPerFrame: +fast.toFixed(4),
      speedUp: +(meyda / fast).toFixed(1),
      meydaMsPerRound: times.meyda.map((t) => +t[kind].toFixed(4)),
      fastMsPerRound: times.fast.map((t) => +t[kind].toFixed(4)),
    };
  };
  console.log(
    JSON.stringify(
      {
        audioSeconds: seconds,
        frames: nFrames,
        rounds,
        wall: summary('wall'),
        cpu: summary('cpu'),
        maxAbsDiff: worst,
        identicalValues: `${identical} of ${fastOut.length}`,
      },
      null,
      2,
    ),
  );
}

await main();

// Measures decoding a (long) file: wall time, the 16 kHz output size, and the process's peak RSS
// as the kernel reports it (VmHWM, the resident-set high-water mark), read after decoding.
//   nice npx tsx src/audio/tools/measure-decode.ts /tmp/hour.wav [--features]
// Used for the one-hour figure in the audio front end's notes; not part of the test suite.

import { readFileSync } from 'node:fs';
import { decodeFile } from '../decode-file';
import { extractFeatures } from '../extract-features';

function peakRssMiB(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

async function main(): Promise<void> {
  const [path, ...flags] = process.argv.slice(2);
  if (!path) throw new Error('usage: measure-decode.ts FILE [--features]');
  const baseline = peakRssMiB();
  const started = performance.now();
  let lastShown = 0;
  const audio = await decodeFile(path, {
    onProgress: (fraction) => {
      if (fraction - lastShown >= 0.1 || fraction === 1) {
        lastShown = fraction;
        process.stderr.write(`\r${(fraction * 100).toFixed(0)} %`);
      }
    },
  });
  const decodeSeconds = (performance.now() - started) / 1000;
  process.stderr.write('\n');
  const report: Record<string, unknown> = {
    file: path,
    source: audio.source,
    durationS: audio.durationS,
    outputMiB: +(audio.samples.byteLength / 2 ** 20).toFixed(1),
    decodeSeconds: +decodeSeconds.toFixed(1),
    realtimeFactor: +(audio.durationS / decodeSeconds).toFixed(1),
    baselinePeakRssMiB: +baseline.toFixed(0),
    peakRssMiB: +peakRssMiB().toFixed(0),
    warnings: audio.warnings.map((w) => w.code),
  };
  if (flags.includes('--features')) {
    const t = performance.now();
    const { nFrames } = extractFeatures(audio.samples);
    report.featureFrames = nFrames;
    report.featureSeconds = +((performance.now() - t) / 1000).toFixed(1);
    report.peakRssWithFeaturesMiB = +peakRssMiB().toFixed(0);
  }
  console.log(JSON.stringify(report, null, 2));
}

await main();

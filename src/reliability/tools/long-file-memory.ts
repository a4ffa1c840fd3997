// Measures memory while a long file is decoded and cut into segments as a stream (the CLI's and the
// pipeline's path: DecodedStream → transcribeStream), on a synthetic WAV that is never materialised:
// a 44-byte header and a sparse file of the length the header promises (digital silence, so every
// segment is skipped before the model: this measures decoding and segmentation, not the decoder).
//
//   npx tsx src/reliability/tools/long-file-memory.ts [HOURS=3]
//
// Prints hours, wall time, and the peak growth over the baseline of RSS, JS heap and typed-array memory, as JSON.
import { closeSync, openSync, ftruncateSync, writeSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { folderBundleReader } from '../../cli/folder-bundle-reader';
import { configureOnnxRuntime } from '../../core/backend';
import { transcribeStream } from '../../core/pipeline';
import { Recogniser } from '../../core/recogniser';
import { DecodedStream, extractFeatures } from '../../audio';
import { PCM16_HEADER_BYTES, pcm16MonoHeader } from '../../shared/wav-header';

export interface LongFileMemory {
  hours: number;
  seconds: number;
  baselineRssMiB: number;
  peakRssGrowthMiB: number;
  peakHeapGrowthMiB: number;
  /** Typed-array memory (outside the JS heap): where decoded samples would pile up. */
  peakArrayBuffersGrowthMiB: number;
  audioS: number;
  segments: number;
}

/** A WAV header for `samples` 16-bit mono samples at 16 kHz, followed by that many (sparse, zero) bytes. */
export function writeSparseWav(file: string, samples: number): void {
  const fd = openSync(file, 'w');
  writeSync(fd, pcm16MonoHeader(samples));
  ftruncateSync(fd, PCM16_HEADER_BYTES + samples * 2);
  closeSync(fd);
}

export async function measureLongFile(hours: number, bundle = path.resolve(import.meta.dirname, '../../core/fixtures/tiny-bundle')): Promise<LongFileMemory> {
  configureOnnxRuntime({ numThreads: 1 });
  const recogniser = await Recogniser.load(folderBundleReader(bundle), { backend: 'wasm' });
  const folder = mkdtempSync(path.join(tmpdir(), 'long-file-'));
  const file = path.join(folder, 'long.wav');
  writeSparseWav(file, Math.round(hours * 3600 * 16000));
  try {
    (globalThis as { gc?: () => void }).gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    let peakBuffers = baseline.arrayBuffers;
    const started = performance.now();
    const stream = await DecodedStream.open(file);
    async function* watched(): AsyncGenerator<Float32Array> {
      let n = 0;
      for await (const chunk of stream) {
        if (++n % 50 === 0) {
          const now = process.memoryUsage();
          peakRss = Math.max(peakRss, now.rss);
          peakHeap = Math.max(peakHeap, now.heapUsed);
          peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
        }
        yield chunk;
      }
    }
    const transcript = await transcribeStream(recogniser, watched(), { decoder: 'at', extractFeatures });
    const seconds = (performance.now() - started) / 1000;
    const MiB = 1024 * 1024;
    return {
      hours,
      seconds,
      baselineRssMiB: baseline.rss / MiB,
      peakRssGrowthMiB: (peakRss - baseline.rss) / MiB,
      peakHeapGrowthMiB: (peakHeap - baseline.heapUsed) / MiB,
      peakArrayBuffersGrowthMiB: (peakBuffers - baseline.arrayBuffers) / MiB,
      audioS: transcript.stats.audioS,
      segments: transcript.segments.length,
    };
  } finally {
    await recogniser.release();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  const hours = Number(process.argv[2] ?? 3);
  console.log(JSON.stringify(await measureLongFile(hours)));
}

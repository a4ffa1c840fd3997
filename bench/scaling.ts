// Scaling with file length: 1-, 6- and 60-minute files of real speech joined with pauses, each
// transcribed in a child process (bench/scaling-case.ts) so peak memory is measured per case.
// Time ratio = processing wall time / audio duration (the real-time factor of the whole file).

import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DecoderConfig } from './decoders';
import { ROOT } from './paths';
import type { ScalingCaseResult } from './scaling-case';
import type { SpeechPool } from './speech-pool';
import { writeLongFile } from './test-audio';

export interface ScalingResult extends ScalingCaseResult {
  minutes: number;
  decoder: string;
  timeRatio: number;
}

export async function measureScaling(
  model: string,
  pool: SpeechPool,
  minutes: readonly number[],
  decoder: DecoderConfig,
  folder: string,
  progress: (line: string) => void,
  threads = 1,
): Promise<ScalingResult[]> {
  const results: ScalingResult[] = [];
  for (const m of minutes) {
    const file = path.join(folder, `scaling-${m}min.wav`);
    progress(`scaling ${m} min: writing ${file}`);
    await writeLongFile(pool, file, m * 60, (s) => progress(`    ${Math.round(s)} s written`));
    progress(`scaling ${m} min: transcribing with ${decoder.name}`);
    const result = await runCase(model, file, decoder, threads, progress);
    results.push({ ...result, minutes: m, decoder: decoder.name, timeRatio: result.wallMs / 1000 / result.audioS });
    progress(`scaling ${m} min: ${(result.wallMs / 1000).toFixed(1)} s, time ratio ${(result.wallMs / 1000 / result.audioS).toFixed(3)}, peak RSS ${result.peakRssMiB.toFixed(0)} MiB`);
  }
  return results;
}

function runCase(model: string, file: string, decoder: DecoderConfig, threads: number, progress: (line: string) => void): Promise<ScalingCaseResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/scaling-case.ts'), model, file, JSON.stringify(decoder.options), String(threads)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      for (const line of d.toString().split('\n').filter((l) => l.trim())) progress(line);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop();
      if (code === 0 && last) resolve(JSON.parse(last) as ScalingCaseResult);
      else reject(new Error(`scaling case ${file} exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

// The peer system: Debian's pocketsphinx (`pocketsphinx_batch`, package pocketsphinx 0.8+5prealpha,
// with the pocketsphinx-en-us acoustic model, language model and dictionary) on the same audio. The
// audio goes to it as the same 16 kHz samples the workbench decodes, written as raw 16-bit PCM, so
// neither side is charged for Opus decoding. Its time is the whole pocketsphinx_batch run, model
// loading included; its CPU time is its own log's "TOTAL ... seconds CPU" (decoding only).

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { now } from '../src/core';
import { ErrorCounter } from './error-counts';
import type { SystemResult } from './workbench-systems';

const MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const PROGRAM = 'pocketsphinx_batch';

/** Why the peer cannot run here, or undefined when it can. */
export function pocketsphinxMissing(): string | undefined {
  const onPath = (process.env['PATH'] ?? '').split(path.delimiter).some((dir) => existsSync(path.join(dir, PROGRAM)));
  if (!onPath) return `${PROGRAM} is not installed (Debian: apt-get install pocketsphinx pocketsphinx-en-us)`;
  if (!existsSync(path.join(MODEL_DIR, 'en-us', 'mdef'))) return `the en-us model is not installed at ${MODEL_DIR} (apt-get install pocketsphinx-en-us)`;
  return undefined;
}

/** Collects the audio (as raw PCM files in `folder`), then runs pocketsphinx_batch over all of it. */
export class PocketsphinxPeer {
  private readonly ids: string[] = [];
  private readonly references: string[] = [];
  private audioS = 0;

  constructor(private readonly folder: string) {}

  async add(samples: Float32Array, reference: string): Promise<void> {
    const id = `u${String(this.ids.length).padStart(5, '0')}`;
    const pcm = Buffer.alloc(samples.length * 2);
    for (let i = 0; i < samples.length; i++) pcm.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), i * 2);
    await writeFile(path.join(this.folder, `${id}.raw`), pcm);
    this.ids.push(id);
    this.references.push(reference);
    this.audioS += samples.length / 16000;
  }

  async run(): Promise<SystemResult> {
    const ctl = path.join(this.folder, 'utterances.ctl');
    const hyp = path.join(this.folder, 'hypotheses.txt');
    const log = path.join(this.folder, 'pocketsphinx.log');
    await writeFile(ctl, `${this.ids.join('\n')}\n`);
    const args = [
      '-adcin', 'yes', '-cepdir', this.folder, '-cepext', '.raw', '-ctl', ctl, '-hyp', hyp, '-logfn', log,
      '-hmm', path.join(MODEL_DIR, 'en-us'), '-lm', path.join(MODEL_DIR, 'en-us.lm.bin'), '-dict', path.join(MODEL_DIR, 'cmudict-en-us.dict'),
    ];
    const started = now();
    await new Promise<void>((resolve, reject) =>
      execFile(PROGRAM, args, { maxBuffer: 64 << 20 }, (error) => (error ? reject(new Error(`${PROGRAM} failed: ${error.message}; see ${log}`)) : resolve())),
    );
    const processingS = (now() - started) / 1000;
    const byId = parseHypotheses(await readFile(hyp, 'utf8'));
    const counter = new ErrorCounter();
    const hypotheses = this.ids.map((id, i) => {
      const text = byId.get(id) ?? '';
      counter.add(this.references[i]!, text);
      return text;
    });
    const total = parseTotal(await readFile(log, 'utf8').catch(() => ''));
    return {
      system: 'pocketsphinx (Debian, en-us)',
      rates: counter.rates(),
      audioS: this.audioS,
      processingS,
      rtf: processingS / Math.max(1e-9, this.audioS),
      cpuS: total?.cpuS,
      cpuRtf: total ? total.cpuS / Math.max(1e-9, this.audioS) : undefined,
      hypotheses,
      note: total ? `its own log: ${total.wallS.toFixed(1)} s wall, ${total.cpuS.toFixed(1)} s CPU for ${total.speechS.toFixed(1)} s of speech (xRT ${(total.wallS / total.speechS).toFixed(3)}, decoding only)` : undefined,
    };
  }
}

/** `text (uttid score)` lines, as pocketsphinx_batch -hyp writes them. */
export function parseHypotheses(text: string): Map<string, string> {
  const byId = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^(.*?)\s*\((\S+?)(?:\s+-?\d+)?\)\s*$/.exec(line);
    if (match) byId.set(match[2]!, match[1]!.replace(/<\/?s>|<sil>|\[\w+\]|\(\d+\)/g, ' ').replace(/\s+/g, ' ').trim());
  }
  return byId;
}

/** The batch's "TOTAL x seconds speech, y seconds CPU, z seconds wall" line. */
export function parseTotal(log: string): { speechS: number; cpuS: number; wallS: number } | undefined {
  const match = /TOTAL\s+([\d.]+)\s+seconds speech,\s+([\d.]+)\s+seconds CPU,\s+([\d.]+)\s+seconds wall/.exec(log);
  return match ? { speechS: Number(match[1]), cpuS: Number(match[2]), wallS: Number(match[3]) } : undefined;
}

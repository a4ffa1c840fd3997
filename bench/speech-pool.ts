// Real speech to build benchmark audio from: the utterances of a manifest (by default the agreed
// speechocean762 adult test sentences, read in place from ../shared/data), decoded once by the
// project's own audio front end and handed out in manifest order, cycling.

import { existsSync } from 'node:fs';
import { decodeFile } from '../src/audio';
import { readManifest, runManifestScript, type ManifestEntry } from './manifest';
import { ADULT200_SCRIPT } from './paths';

export class SpeechPool {
  private readonly decoded = new Map<number, Float32Array>();
  private next = 0;

  private constructor(
    readonly entries: readonly ManifestEntry[],
    readonly source: string,
  ) {}

  /** `manifest`: a TSV/JSONL manifest; default the speechocean762 adult-200 script's output. */
  static async open(manifest?: string): Promise<SpeechPool> {
    if (manifest) return new SpeechPool(await readManifest(manifest), manifest);
    if (!existsSync(ADULT200_SCRIPT)) {
      throw new Error(`no speech to build benchmark audio from: ${ADULT200_SCRIPT} is missing (put the shared data beside the checkout, or pass --speech MANIFEST)`);
    }
    return new SpeechPool(await runManifestScript(ADULT200_SCRIPT), ADULT200_SCRIPT);
  }

  /** The next utterance's 16 kHz samples (cycling through the manifest). */
  async take(): Promise<Float32Array> {
    const index = this.next % this.entries.length;
    this.next++;
    let samples = this.decoded.get(index);
    if (!samples) {
      samples = (await decodeFile(this.entries[index]!.audio)).samples;
      this.decoded.set(index, samples);
    }
    return samples;
  }

  /** Start handing out from the first utterance again (so every run builds the same audio). */
  rewind(): void {
    this.next = 0;
  }
}

// Playback of audio the renderer does not keep whole (a long file, state/audio-overview.ts): the stretch from the
// playhead on is read again from main a window at a time (readAudioRange), played from a WAV blob in its own media
// element, the next window read while this one plays. The waveform draws the overview's peaks and follows the time
// this reports. A window is read from the file's start (decoders cannot seek), so a stretch late in a long
// compressed file starts after a short wait.
import features from '../../shared/features.json';
import { wavBlob } from './wav-blob';

/** Seconds of audio per window: 30 s is 1 MB of 16-bit WAV, read in one call. */
export const PLAY_WINDOW_S = 30;

/** Reads the samples of [startS, startS + seconds) (fewer at the end of the audio). */
export type ReadSamples = (startS: number, seconds: number) => Promise<Float32Array>;

export interface RangePlayerEvents {
  time(seconds: number): void;
  playing(playing: boolean): void;
  error(cause: unknown): void;
}

export class RangePlayer {
  private readonly media = new Audio();
  private url: string | undefined;
  private windowStartS = 0;
  /** Bumped by every play and pause: a window read for an older one is dropped. */
  private generation = 0;
  private stopAtS = Infinity;
  private next: { startS: number; samples: Promise<Float32Array> } | undefined;

  constructor(
    private readonly read: ReadSamples,
    private readonly durationS: number,
    private readonly events: RangePlayerEvents,
  ) {
    this.media.addEventListener('timeupdate', () => this.onTime());
    this.media.addEventListener('ended', () => void this.continue());
  }

  get playing(): boolean {
    return !this.media.paused;
  }

  /** Plays from `startS` (to `endS`, or the end of the audio). */
  async play(startS: number, endS = this.durationS): Promise<void> {
    const generation = ++this.generation;
    this.stopAtS = Math.min(endS, this.durationS);
    this.next = undefined;
    await this.playWindow(startS, this.read(startS, PLAY_WINDOW_S), generation);
  }

  pause(): void {
    this.generation++;
    this.media.pause();
    this.events.playing(false);
  }

  destroy(): void {
    this.pause();
    this.media.removeAttribute('src');
    if (this.url) URL.revokeObjectURL(this.url);
  }

  private async playWindow(startS: number, samples: Promise<Float32Array>, generation: number): Promise<void> {
    let read: Float32Array;
    try {
      read = await samples;
    } catch (error) {
      if (generation === this.generation) this.events.error(error);
      return;
    }
    if (generation !== this.generation || read.length === 0) return;
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = URL.createObjectURL(wavBlob(read));
    this.windowStartS = startS;
    this.media.src = this.url;
    const nextStartS = startS + read.length / features.sampleRate;
    // the next window is read while this one plays
    this.next = nextStartS < this.stopAtS - 0.01 ? { startS: nextStartS, samples: this.read(nextStartS, PLAY_WINDOW_S) } : undefined;
    this.next?.samples.catch(() => undefined);
    try {
      await this.media.play();
      this.events.playing(true);
    } catch (error) {
      if (generation === this.generation) this.events.error(error);
    }
  }

  private onTime(): void {
    const now = this.windowStartS + this.media.currentTime;
    this.events.time(now);
    if (now >= this.stopAtS) this.pause();
  }

  private async continue(): Promise<void> {
    const next = this.next;
    if (!next) return this.pause();
    await this.playWindow(next.startS, next.samples, this.generation);
  }
}

// The explorer's step control: which decoder step (AT) is shown, moved by the slider, the arrow keys (←/→ one step,
// Home/End the first and last, PageUp/PageDown five) or played at a chosen pace; playing stops at the last step.
// Kept in its own store, out of the workbench's, as the playhead is: a step re-renders only the views that draw it.
import { Store } from './store';

export interface StepState {
  step: number;
  /** Steps there are (0 when nothing is traced). */
  count: number;
  playing: boolean;
  /** Milliseconds per step while playing. */
  paceMs: number;
}

export const PACES_MS = [1000, 500, 250, 100] as const;

/** A repeating timer: calls `tick` every `ms` until the returned function is called. */
export type Every = (ms: number, tick: () => void) => () => void;

const everyInterval: Every = (ms, tick) => {
  const id = setInterval(tick, ms);
  return () => clearInterval(id);
};

export class StepControl {
  readonly store = new Store<StepState>({ step: 0, count: 0, playing: false, paceMs: 500 });
  private stopTimer: (() => void) | undefined;

  constructor(private readonly every: Every = everyInterval) {}

  get state(): StepState {
    return this.store.state;
  }

  /** A new trace with `count` steps: back to the first, not playing. */
  reset(count: number): void {
    this.pause();
    this.store.update((s) => ({ ...s, count, step: 0 }));
  }

  go(step: number): void {
    const { count } = this.state;
    const to = count === 0 ? 0 : Math.max(0, Math.min(count - 1, Math.round(step)));
    if (to !== this.state.step) this.store.update((s) => ({ ...s, step: to }));
  }

  by(delta: number): void {
    this.go(this.state.step + delta);
  }

  /** The key's move; false for a key that is not one (so the caller lets it through). */
  key(key: string): boolean {
    const moves: Record<string, () => void> = {
      ArrowLeft: () => this.by(-1),
      ArrowDown: () => this.by(-1),
      ArrowRight: () => this.by(1),
      ArrowUp: () => this.by(1),
      PageDown: () => this.by(-5),
      PageUp: () => this.by(5),
      Home: () => this.go(0),
      End: () => this.go(this.state.count - 1),
    };
    const move = moves[key];
    if (!move) return false;
    this.pause();
    move();
    return true;
  }

  /** Plays from the step shown (from the first when at the last), one step per pace, stopping at the last. */
  play(): void {
    const { count, step } = this.state;
    if (count < 2) return;
    this.pause();
    if (step >= count - 1) this.go(0);
    this.store.update((s) => ({ ...s, playing: true }));
    this.stopTimer = this.every(this.state.paceMs, () => {
      this.by(1);
      if (this.state.step >= this.state.count - 1) this.pause();
    });
  }

  pause(): void {
    this.stopTimer?.();
    this.stopTimer = undefined;
    if (this.state.playing) this.store.update((s) => ({ ...s, playing: false }));
  }

  toggle(): void {
    if (this.state.playing) this.pause();
    else this.play();
  }

  /** A new pace; playing goes on at it. */
  setPace(paceMs: number): void {
    const playing = this.state.playing;
    this.pause();
    this.store.update((s) => ({ ...s, paceMs }));
    if (playing) this.play();
  }
}

// The explorer's step control: keys, bounds, and playing at a pace until the last step.
import { describe, expect, it } from 'vitest';
import { StepControl, type Every } from './step-control';

/** A timer the test ticks by hand. */
function manualTimer() {
  const ticks: { ms: number; tick: () => void; stopped: boolean }[] = [];
  const every: Every = (ms, tick) => {
    const timer = { ms, tick, stopped: false };
    ticks.push(timer);
    return () => void (timer.stopped = true);
  };
  const live = () => ticks.filter((t) => !t.stopped);
  return { every, live, fire: () => live().forEach((t) => t.tick()) };
}

describe('StepControl', () => {
  it('moves with the arrow keys, Home/End and PageUp/PageDown, inside the steps there are; other keys pass', () => {
    const steps = new StepControl(manualTimer().every);
    steps.reset(12);
    expect(steps.key('ArrowRight')).toBe(true);
    expect(steps.state.step).toBe(1);
    steps.key('ArrowLeft');
    steps.key('ArrowLeft');
    expect(steps.state.step).toBe(0);
    steps.key('PageUp');
    expect(steps.state.step).toBe(5);
    steps.key('End');
    expect(steps.state.step).toBe(11);
    steps.key('ArrowRight');
    expect(steps.state.step).toBe(11);
    steps.key('Home');
    expect(steps.state.step).toBe(0);
    expect(steps.key('a')).toBe(false);
    steps.go(7.4);
    expect(steps.state.step).toBe(7);
    steps.reset(3);
    expect(steps.state).toMatchObject({ step: 0, count: 3 });
  });

  it('plays one step per pace and stops at the last; a key pauses; at the last step play starts again from the first', () => {
    const timer = manualTimer();
    const steps = new StepControl(timer.every);
    steps.reset(4);
    steps.setPace(250);
    steps.play();
    expect(steps.state.playing).toBe(true);
    expect(timer.live().map((t) => t.ms)).toEqual([250]);
    timer.fire();
    timer.fire();
    expect(steps.state.step).toBe(2);
    timer.fire();
    expect(steps.state).toMatchObject({ step: 3, playing: false });
    expect(timer.live()).toHaveLength(0);
    steps.toggle();
    expect(steps.state).toMatchObject({ step: 0, playing: true });
    steps.key('ArrowRight');
    expect(steps.state).toMatchObject({ step: 1, playing: false });
    expect(timer.live()).toHaveLength(0);
  });

  it('does not play one step or none', () => {
    const timer = manualTimer();
    const steps = new StepControl(timer.every);
    steps.reset(1);
    steps.play();
    expect(steps.state.playing).toBe(false);
    expect(timer.live()).toHaveLength(0);
  });
});

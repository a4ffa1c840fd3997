// Wall and CPU time of a step. On a shared machine wall time grows with other processes' load, CPU
// time much less, so the evaluation reports both (onnxruntime-web runs on this thread in Node).

import { now } from '../src/core';

export interface StepTime {
  wallMs: number;
  cpuMs: number;
}

export async function timedWithCpu<T>(work: () => Promise<T> | T): Promise<[T, StepTime]> {
  const stop = stopwatch();
  const result = await work();
  return [result, stop()];
}

/** The same for a step that returns at once (a callback that must stay synchronous). */
export function timedWithCpuNow<T>(work: () => T): [T, StepTime] {
  const stop = stopwatch();
  const result = work();
  return [result, stop()];
}

function stopwatch(): () => StepTime {
  const cpu = process.cpuUsage();
  const start = now();
  return () => {
    const used = process.cpuUsage(cpu);
    return { wallMs: now() - start, cpuMs: (used.user + used.system) / 1000 };
  };
}

// Wall and CPU time of a step. On a shared machine wall time grows with other processes' load, CPU
// time much less, so the evaluation reports both (onnxruntime-web runs on this thread in Node).

import { now } from '../src/core';

export async function timedWithCpu<T>(work: () => Promise<T> | T): Promise<[T, { wallMs: number; cpuMs: number }]> {
  const cpu = process.cpuUsage();
  const start = now();
  const result = await work();
  const wallMs = now() - start;
  const used = process.cpuUsage(cpu);
  return [result, { wallMs, cpuMs: (used.user + used.system) / 1000 }];
}

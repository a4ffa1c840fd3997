// What `npm run bench` measured: bench.ts fills it part by part and writes it into its JSON; bench:tables
// (tables-from-results.ts) reads the same shape back. A part is absent when it was skipped.

import type { BenchPart } from './bench-options';
import type { BrowserTiming } from './browser/chromium-timing';
import type { UtteranceTiming } from './decoder-timing';
import type { ScalingResult } from './scaling';
import type { StreamingLatency } from './streaming-latency';

export interface BenchMeasurements {
  node?: UtteranceTiming[];
  browser?: BrowserTiming[] | undefined;
  streaming?: StreamingLatency[];
  scaling?: ScalingResult[];
  failures: { part: BenchPart; error: string }[];
}

import { describe, expect, it } from 'vitest';
import { parseHypotheses, parseTotal } from './pocketsphinx-peer';

describe('pocketsphinx_batch output', () => {
  it('reads -hyp lines, dropping fillers and alternate-pronunciation marks', () => {
    const hyp = 'it was good for me (u00000 -7268)\n<sil> way to(2) help [NOISE] us (u00001 -9000)\n (u00002 -120)\n';
    expect(parseHypotheses(hyp)).toEqual(
      new Map([
        ['u00000', 'it was good for me'],
        ['u00001', 'way to help us'],
        ['u00002', ''],
      ]),
    );
  });
  it('reads the TOTAL line of its log', () => {
    const log = 'INFO: batch.c(778): TOTAL 12.81 seconds speech, 3.40 seconds CPU, 5.91 seconds wall\nINFO: batch.c(780): AVERAGE 0.27 xRT (CPU), 0.46 xRT (elapsed)';
    expect(parseTotal(log)).toEqual({ speechS: 12.81, cpuS: 3.4, wallS: 5.91 });
    expect(parseTotal('nothing')).toBeUndefined();
  });
});

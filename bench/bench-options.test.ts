import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultJsonName, parseBenchOptions } from './bench-options';

describe('parseBenchOptions', () => {
  it('runs everything by default and --quick leaves out the 60-minute file', () => {
    expect(parseBenchOptions([]).minutes).toEqual([1, 6, 60]);
    expect(parseBenchOptions([]).lengthsS).toEqual([2, 10, 30]);
    expect(parseBenchOptions(['--quick']).minutes).toEqual([1, 6]);
    expect(parseBenchOptions(['--quick', '--minutes', '60']).minutes).toEqual([60]);
  });
  it('takes parts to skip, files and numbers', () => {
    const o = parseBenchOptions(['--skip', 'browser,scaling', '--repeat', '5', 'a.wav']);
    expect([...o.skip]).toEqual(['browser', 'scaling']);
    expect(o.repeat).toBe(5);
    expect(o.inputs).toEqual(['a.wav']);
    expect(parseBenchOptions([]).threads).toBe(availableParallelism()); // one WASM thread per core unless told
    expect(parseBenchOptions(['--threads', '1']).threads).toBe(1);
  });
  it('rejects what it does not know', () => {
    expect(() => parseBenchOptions(['--skip', 'gpu'])).toThrow(/unknown part "gpu"/);
    expect(() => parseBenchOptions(['--repeat', '0'])).toThrow(/--repeat/);
    expect(() => parseBenchOptions(['--threads', '1.5'])).toThrow(/--threads must be a whole number >= 1/);
    expect(() => parseBenchOptions(['--fast'])).toThrow(/unknown option --fast/);
  });
  it('names the JSON after the parts a partial run measured, so a full run\'s file is not overwritten', () => {
    expect(defaultJsonName(parseBenchOptions([]).skip)).toBe('bench-latest.json');
    expect(defaultJsonName(parseBenchOptions(['--skip', 'node,streaming,scaling']).skip)).toBe('bench-latest-browser.json');
    expect(defaultJsonName(parseBenchOptions(['--skip', 'browser']).skip)).toBe('bench-latest-node+streaming+scaling.json');
  });
});

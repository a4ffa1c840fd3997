import { describe, expect, it } from 'vitest';
import { parseTablesOptions } from './tables-options';

describe('parseTablesOptions', () => {
  it('writes into bench/results by default; --check and --results change that', () => {
    expect(parseTablesOptions([])).toEqual({ check: false, results: undefined, help: false });
    expect(parseTablesOptions(['--check', '--results', 'elsewhere'])).toEqual({ check: true, results: 'elsewhere', help: false });
  });
  it('rejects what it does not know', () => {
    expect(() => parseTablesOptions(['--results'])).toThrow('--results needs a value');
    expect(() => parseTablesOptions(['--write'])).toThrow('unknown option --write');
    expect(() => parseTablesOptions(['README.md'])).toThrow('unexpected argument "README.md"');
  });
});

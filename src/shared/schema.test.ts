import { describe, expect, it } from 'vitest';
import { absolutePath, integer, literal, nothing, object, SchemaError, string, variant } from './schema';

describe('schema', () => {
  it('accepts what the types promise and returns it', () => {
    const source = variant('kind', {
      microphone: object({ kind: literal('microphone'), deviceIndex: integer({ min: -1 }) }),
      file: object({ kind: literal('file'), path: absolutePath }),
    });
    expect(source.parse({ kind: 'microphone', deviceIndex: 2 })).toEqual({ kind: 'microphone', deviceIndex: 2 });
    expect(source.parse({ kind: 'file', path: '/tmp/a.wav' })).toEqual({ kind: 'file', path: '/tmp/a.wav' });
    expect(nothing.parse(undefined)).toBeUndefined();
    expect(string({ minLength: 1 }).parse('x')).toBe('x');
  });

  it('names the offending path', () => {
    const schema = object({ source: object({ deviceIndex: integer({ min: -1, max: 10 }) }) });
    expect(() => schema.parse({ source: { deviceIndex: 1.5 } })).toThrow(new SchemaError('source.deviceIndex', 'an integer in [-1, 10]'));
    expect(() => schema.parse({ source: { deviceIndex: 1, extra: 1 } })).toThrow(/source\.extra: expected no such key/);
    expect(() => schema.parse(null)).toThrow(SchemaError);
    expect(() => schema.parse([])).toThrow(SchemaError);
  });

  it('rejects unknown variants and wrong discriminators', () => {
    const source = variant('kind', { file: object({ kind: literal('file') }) });
    expect(() => source.parse({ kind: 'camera' })).toThrow(/kind: expected one of file/);
    expect(() => source.parse({ kind: 'toString' })).toThrow(SchemaError);
    expect(() => source.parse('file')).toThrow(SchemaError);
  });

  it('accepts only absolute paths without NUL bytes', () => {
    for (const ok of ['/home/a.wav', 'C:\\audio\\a.wav', 'd:/a.flac', '\\\\server\\share\\a.wav']) {
      expect(absolutePath.parse(ok)).toBe(ok);
    }
    for (const bad of ['a.wav', './a.wav', '', '/', '/a\0.wav', 42, null, 'x'.repeat(5000)]) {
      expect(() => absolutePath.parse(bad)).toThrow(SchemaError);
    }
  });

  it('rejects any argument to a call that takes none, and non-integers, and strings out of bounds', () => {
    expect(() => nothing.parse({})).toThrow(SchemaError);
    expect(() => integer().parse(Number.NaN)).toThrow(SchemaError);
    expect(() => integer().parse('3')).toThrow(SchemaError);
    expect(() => string({ maxLength: 3 }).parse('abcd')).toThrow(SchemaError);
  });
});

import { describe, expect, it } from 'vitest';
import { ManifestError, parseManifest } from './manifest';

describe('parseManifest', () => {
  it('reads path<TAB>reference lines, resolving relative paths against the manifest folder', () => {
    const text = '/data/a.opus\tIT WAS GOOD FOR ME\n\n# a comment\nclips/b.wav\tway to help us\tall out\n';
    expect(parseManifest(text, '/m')).toEqual([
      { audio: '/data/a.opus', reference: 'IT WAS GOOD FOR ME' },
      { audio: '/m/clips/b.wav', reference: 'way to help us\tall out' },
    ]);
  });
  it("reads the recipe's JSONL", () => {
    expect(parseManifest('{"id": "x", "audio": "/a.wav", "text": "hello"}\r\n', '/')).toEqual([{ audio: '/a.wav', reference: 'hello' }]);
  });
  it('accepts an empty reference (silence) but not a missing one', () => {
    expect(parseManifest('/a.wav\t\n', '/')).toEqual([{ audio: '/a.wav', reference: '' }]);
    expect(() => parseManifest('/a.wav\n', '/', 'm.tsv')).toThrow(new ManifestError('m.tsv:1: expected audio-path<TAB>reference'));
    expect(() => parseManifest('{"audio": "/a.wav"}', '/', 'm.jsonl')).toThrow(/m.jsonl:1: needs an audio path and a reference/);
    expect(() => parseManifest('{nope', '/', 'm.jsonl')).toThrow(/m.jsonl:1: not valid JSON/);
  });
});

import { describe, expect, it } from 'vitest';
import { commandForKey } from './shortcuts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}, targetTag = 'BODY') => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
  targetTag,
});

describe('commandForKey', () => {
  it('maps the documented shortcuts', () => {
    expect(commandForKey(key('r', { ctrlKey: true }))).toBe('toggle-recording');
    expect(commandForKey(key('O', { metaKey: true }))).toBe('open-audio-files');
    expect(commandForKey(key(' '))).toBe('toggle-playback');
    expect(commandForKey(key('2', { ctrlKey: true }))).toBe('use-decoder-nat');
    expect(commandForKey(key('4', { ctrlKey: true }))).toBe('use-decoder-rescore');
    expect(commandForKey(key('k', { ctrlKey: true }))).toBe('compare-decoders');
  });
  it('leaves typing in fields and unbound keys alone', () => {
    expect(commandForKey(key(' ', {}, 'INPUT'))).toBeUndefined();
    expect(commandForKey(key('r'))).toBeUndefined();
    expect(commandForKey(key('r', { ctrlKey: true, shiftKey: true }))).toBeUndefined();
  });
});

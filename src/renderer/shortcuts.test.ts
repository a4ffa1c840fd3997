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
    expect(commandForKey(key('f', { ctrlKey: true }))).toBe('find-in-transcripts');
    expect(commandForKey(key('e', { ctrlKey: true }))).toBe('toggle-explorer');
    expect(commandForKey(key('F8'))).toBe('next-unsure-word');
    expect(commandForKey(key('F8', { shiftKey: true }))).toBe('previous-unsure-word');
    expect(commandForKey(key('F8', {}, 'BUTTON'))).toBe('next-unsure-word'); // from a focused word
    expect(commandForKey(key('z', { ctrlKey: true }))).toBe('undo-edit');
    expect(commandForKey(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo-edit');
    expect(commandForKey(key('y', { metaKey: true }))).toBe('redo-edit');
  });
  it('leaves undo and search in text fields to the field', () => {
    expect(commandForKey(key('z', { ctrlKey: true }, 'INPUT'))).toBeUndefined();
    expect(commandForKey(key('F8', {}, 'INPUT'))).toBeUndefined();
    expect(commandForKey(key('f', { ctrlKey: true, shiftKey: true }))).toBeUndefined();
  });
  it('leaves typing in fields and unbound keys alone', () => {
    expect(commandForKey(key(' ', {}, 'INPUT'))).toBeUndefined();
    expect(commandForKey(key('r'))).toBeUndefined();
    expect(commandForKey(key('r', { ctrlKey: true, shiftKey: true }))).toBeUndefined();
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { id3TagLength, recognise, RECOGNITION_BYTES } from './container-format';
import { fixture } from './fixtures/fixture-path';

const head = (file: string) => new Uint8Array(readFileSync(fixture(file))).subarray(0, RECOGNITION_BYTES);

describe('container recognition from the first bytes', () => {
  it.each([
    ['wav/pcm16-mono-16000.wav', 'wav'],
    ['formats/speech.flac', 'flac'],
    ['formats/speech-flac.ogg', 'ogg-flac'],
    ['formats/speech.mp3', 'mp3'],
    ['formats/speech-id3.mp3', 'mp3'],
    ['formats/speech-vorbis.ogg', 'ogg-vorbis'],
    ['formats/speech.opus', 'ogg-opus'],
    ['formats/speech.m4a', 'mp4'],
    ['formats/speech.aac', 'adts'],
    ['formats/speech-opus.webm', 'webm'],
    ['formats/speech-vorbis.webm', 'webm'],
  ])('%s → %s', (file, format) => {
    expect(recognise(head(file))).toEqual({ kind: 'audio', format });
  });

  it('reports known-but-unsupported containers and unknown bytes', () => {
    expect(recognise(head('bad/speex.ogg'))).toEqual({ kind: 'unsupported', what: 'Ogg Speex audio' });
    expect(recognise(head('bad/random-bytes.wav'))).toEqual({ kind: 'unknown' });
    expect(recognise(head('bad/text.mp3'))).toEqual({ kind: 'unknown' });
    expect(recognise(new Uint8Array(0))).toEqual({ kind: 'unknown' });
    const aiff = new TextEncoder().encode('FORM\0\0\0\0AIFFCOMM');
    expect(recognise(aiff)).toEqual({ kind: 'unsupported', what: 'AIFF audio' });
  });

  it('needs two consecutive MPEG frame headers, so a stray 0xFFE sync in random bytes is not MP3', () => {
    const bytes = new Uint8Array(2048).fill(0x55);
    bytes.set([0xff, 0xfb, 0x90, 0x64], 0); // a valid MPEG-1 layer III header, but no frame after it
    expect(recognise(bytes)).toEqual({ kind: 'unknown' });
  });

  it('measures a leading ID3v2 tag (syncsafe size)', () => {
    const tag = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0x02, 0x01]);
    expect(id3TagLength(tag)).toBe(10 + 257);
    expect(id3TagLength(head('formats/speech-id3.mp3'))).toBeGreaterThan(10);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeFile } from './decode-file';
import { fixture } from './fixtures/fixture-path';
import { bestEnvelopeCorrelation, energyEnvelope } from './fixtures/signal-compare';

// Every fixture is the same espeak-ng utterance (fixtures/make-fixtures.sh), encoded by ffmpeg from
// 22.05/44.1/48 kHz sources; formats/reference-16000.wav is the lossless 16 kHz reference.
const FORMATS = [
  { file: 'speech.flac', container: 'flac', codec: 'flac', sampleRate: 22050 },
  { file: 'speech-flac.ogg', container: 'ogg', codec: 'flac', sampleRate: 22050 },
  { file: 'speech.mp3', container: 'mp3', codec: 'mp3', sampleRate: 44100 },
  { file: 'speech-id3.mp3', container: 'mp3', codec: 'mp3', sampleRate: 22050 },
  { file: 'speech-vorbis.ogg', container: 'ogg', codec: 'vorbis', sampleRate: 44100 },
  { file: 'speech.opus', container: 'ogg', codec: 'opus', sampleRate: 48000 },
  { file: 'speech.m4a', container: 'mp4', codec: 'aac', sampleRate: 44100 },
  { file: 'speech-faststart.m4a', container: 'mp4', codec: 'aac', sampleRate: 44100 },
  { file: 'speech.aac', container: 'adts', codec: 'aac', sampleRate: 44100 },
  { file: 'speech-opus.webm', container: 'webm', codec: 'opus', sampleRate: 48000 },
  { file: 'speech-vorbis.webm', container: 'webm', codec: 'vorbis', sampleRate: 44100 },
];

describe('compressed formats decode to the reference utterance at 16 kHz mono', async () => {
  const reference = (await decodeFile(fixture('formats/reference-16000.wav'))).samples;
  const referenceEnvelope = energyEnvelope(reference);

  it.each(FORMATS)('$file', async ({ file, container, codec, sampleRate }) => {
    const progress: number[] = [];
    const audio = await decodeFile(fixture(`formats/${file}`), { onProgress: (f) => progress.push(f) });
    expect(audio.sampleRate).toBe(16000);
    expect(audio.source).toMatchObject({ container, codec, sampleRate });
    expect(audio.warnings).toEqual([]);
    // Same length within 2 % (raw AAC and WebM Vorbis carry no gapless trimming info).
    expect(Math.abs(audio.samples.length - reference.length) / reference.length).toBeLessThan(0.02);
    // The same speech: the 10 ms loudness contours agree (lossy codecs change the waveform, not this).
    expect(bestEnvelopeCorrelation(referenceEnvelope, energyEnvelope(audio.samples))).toBeGreaterThan(0.97);
    expect(progress.at(-1)).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('lossless FLAC is sample-identical to the WAV reference after the same resampling', async () => {
    // speech.flac is the 22.05 kHz espeak output; the reference went through sox's resampler, so
    // compare loosely in amplitude but tightly in shape.
    const flac = (await decodeFile(fixture('formats/speech.flac'))).samples;
    expect(flac.length).toBe(reference.length);
    expect(bestEnvelopeCorrelation(referenceEnvelope, energyEnvelope(flac), 0)).toBeGreaterThan(0.999);
  });
});

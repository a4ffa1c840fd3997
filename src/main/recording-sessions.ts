// Live recording sessions: each startRecording opens an AudioSource, streams its chunks, levels and
// feature frames to the page as events, and keeps the samples so stopRecording can return them.
// A session that ends by itself (end of file, lost device, error) stays until stopRecording collects
// it, so the page always gets its samples; recordingStopped is emitted exactly once per session.

import { randomUUID } from 'node:crypto';
import { ContractError, type EventSink, type RecordingResult, type RecordingSource, type RecordingStopReason } from '../shared/contract';
import type { AudioPort, AudioSource } from './audio-port';
import { concatenateFloats } from '../shared/samples';

const SAMPLE_RATE = 16_000;

interface Session {
  id: string;
  source: AudioSource;
  chunks: Float32Array[];
  sampleCount: number;
  stopped: boolean;
}

export class RecordingSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly audio: AudioPort,
    private readonly emit: EventSink,
    private readonly nMels: number,
    private readonly newId: () => string = randomUUID,
  ) {}

  async start(source: RecordingSource): Promise<{ sessionId: string }> {
    const audioSource =
      source.kind === 'microphone'
        ? this.audio.createMicrophoneSource({ deviceIndex: source.deviceIndex })
        : this.audio.createFileSource(source.path, { realtime: true });
    const session: Session = { id: this.newId(), source: audioSource, chunks: [], sampleCount: 0, stopped: false };
    const features = this.audio.createStreamingFeatures();
    let frameCount = 0;

    audioSource.on('chunk', (samples) => {
      if (session.stopped) return;
      session.chunks.push(samples);
      session.sampleCount += samples.length;
      const { frames, nFrames } = features.push(samples);
      if (nFrames > 0) {
        this.emit('featureFrames', { sessionId: session.id, startFrame: frameCount, nMels: this.nMels, frames });
        frameCount += nFrames;
      }
    });
    audioSource.on('level', ({ rms, peak }) => {
      if (!session.stopped) this.emit('audioLevel', { sessionId: session.id, rms, peak });
    });
    // A failing source emits 'error' (which says why) and then 'end' with reason 'error'.
    audioSource.on('error', (error) => this.finish(session, error.code === 'device-lost' ? 'device-lost' : 'error', error.message));
    audioSource.on('end', ({ reason }) => this.finish(session, reason === 'eof' ? 'end-of-file' : reason === 'stopped' ? 'user' : 'error'));

    this.sessions.set(session.id, session);
    try {
      await audioSource.start();
    } catch (error) {
      this.sessions.delete(session.id);
      session.stopped = true;
      throw error;
    }
    return { sessionId: session.id };
  }

  async stop(sessionId: string): Promise<RecordingResult> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new ContractError({ code: 'unknown-session', message: `No recording session ${sessionId}` });
    this.sessions.delete(sessionId);
    if (!session.stopped) {
      await session.source.stop();
      this.finish(session, 'user');
    }
    const samples = concatenateFloats(session.chunks);
    return { sessionId, samples, durationS: samples.length / SAMPLE_RATE };
  }

  /** Stops every live session (app quit, test host shutdown). */
  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.sessions.keys()].map((id) => this.stop(id)));
  }

  private finish(session: Session, reason: RecordingStopReason, message?: string): void {
    if (session.stopped) return;
    session.stopped = true;
    this.emit('recordingStopped', message === undefined ? { sessionId: session.id, reason } : { sessionId: session.id, reason, message });
  }
}

import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ContractError, type EventName, type EventPayload, type EventSink } from '../shared/contract';
import type { AudioPort, AudioSource } from './audio-port';
import { RecordingSessions } from './recording-sessions';

const N_MELS = 2;

/** A scripted source: the test pushes chunks, levels, errors and the end, as the audio front end would. */
class ScriptedSource implements AudioSource {
  started = false;
  stopped = false;
  private readonly emitter = new EventEmitter();
  constructor(private readonly failStart = false) {}
  async start() {
    if (this.failStart) throw Object.assign(new Error('No such device'), { code: 'device-missing' });
    this.started = true;
  }
  async stop() {
    this.stopped = true;
    this.emit('end', { reason: 'stopped' });
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one implementation behind the overloads
  on(event: string, listener: (...args: any[]) => void): () => void {
    this.emitter.on(event, listener);
    return () => void this.emitter.off(event, listener);
  }
  emit(event: string, ...args: unknown[]) {
    this.emitter.emit(event, ...args);
  }
}

function setup(options: { failStart?: boolean } = {}) {
  const sources: ScriptedSource[] = [];
  const opened: unknown[] = [];
  const events: { name: EventName; payload: unknown }[] = [];
  const emit: EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void events.push({ name, payload });
  const port: AudioPort = {
    openFeatureBlocks: async () => {
      throw new Error('unused');
    },
    readFeatureRange: async () => {
      throw new Error('unused');
    },
    // One frame (N_MELS values) per 4 samples pushed, like a hop of 4.
    createStreamingFeatures: () => {
      let pending = 0;
      return {
        push: (samples) => {
          pending += samples.length;
          const frames = Math.floor(pending / 4);
          pending -= frames * 4;
          return { frames: new Float32Array(frames * N_MELS).fill(1), nFrames: frames };
        },
      };
    },
    listInputDevices: async () => [],
    createMicrophoneSource: (o) => {
      opened.push({ microphone: o.deviceIndex });
      const source = new ScriptedSource(options.failStart);
      sources.push(source);
      return source;
    },
    createFileSource: (path, o) => {
      opened.push({ file: path, realtime: o.realtime });
      const source = new ScriptedSource(options.failStart);
      sources.push(source);
      return source;
    },
  };
  let id = 0;
  const sessions = new RecordingSessions(port, emit, N_MELS, () => `s${++id}`);
  return { sessions, sources, opened, events };
}

describe('RecordingSessions', () => {
  it('streams chunks, levels and feature frames as events and returns all samples on stop', async () => {
    const { sessions, sources, events } = setup();
    const { sessionId } = await sessions.start({ kind: 'microphone', deviceIndex: 3 });
    const source = sources[0]!;
    expect(source.started).toBe(true);
    source.emit('chunk', new Float32Array([1, 2, 3]));
    source.emit('level', { rms: 0.2, peak: 0.4 });
    source.emit('chunk', new Float32Array([4, 5, 6, 7, 8]));

    const result = await sessions.stop(sessionId);
    expect(source.stopped).toBe(true);
    expect(result).toEqual({ sessionId: 's1', samples: new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]), durationS: 8 / 16000 });
    expect(events).toEqual([
      { name: 'audioLevel', payload: { sessionId: 's1', rms: 0.2, peak: 0.4 } },
      { name: 'featureFrames', payload: { sessionId: 's1', startFrame: 0, nMels: N_MELS, frames: new Float32Array(4).fill(1) } },
      { name: 'recordingStopped', payload: { sessionId: 's1', reason: 'user' } },
    ]);
  });

  it('plays files in real time and keeps a session that ended by itself until it is collected', async () => {
    const { sessions, sources, opened, events } = setup();
    const { sessionId } = await sessions.start({ kind: 'file', path: '/clip.wav' });
    expect(opened).toEqual([{ file: '/clip.wav', realtime: true }]);
    sources[0]!.emit('chunk', new Float32Array([0.5]));
    sources[0]!.emit('end', { reason: 'eof' });
    sources[0]!.emit('chunk', new Float32Array([9])); // late chunks after the end are ignored
    expect(events.filter((e) => e.name === 'recordingStopped')).toEqual([
      { name: 'recordingStopped', payload: { sessionId, reason: 'end-of-file' } },
    ]);
    const result = await sessions.stop(sessionId);
    expect(result.samples).toEqual(new Float32Array([0.5]));
    expect(sources[0]!.stopped).toBe(false); // it had already ended
    expect(events.filter((e) => e.name === 'recordingStopped')).toHaveLength(1);
  });

  it('reports a lost device and other errors once', async () => {
    const { sessions, sources, events } = setup();
    await sessions.start({ kind: 'microphone', deviceIndex: 0 });
    await sessions.start({ kind: 'microphone', deviceIndex: 1 });
    sources[0]!.emit('error', Object.assign(new Error('unplugged'), { code: 'device-lost' }));
    sources[0]!.emit('end', { reason: 'error' });
    sources[1]!.emit('error', Object.assign(new Error('driver fault'), { code: 'corrupt' }));
    sources[1]!.emit('end', { reason: 'error' });
    expect(events.filter((e) => e.name === 'recordingStopped').map((e) => e.payload)).toEqual([
      { sessionId: 's1', reason: 'device-lost', message: 'unplugged' },
      { sessionId: 's2', reason: 'error', message: 'driver fault' },
    ]);
  });

  it('rejects unknown and already-collected sessions', async () => {
    const { sessions } = setup();
    const { sessionId } = await sessions.start({ kind: 'microphone', deviceIndex: -1 });
    await sessions.stop(sessionId);
    await expect(sessions.stop(sessionId)).rejects.toEqual(new ContractError({ code: 'unknown-session', message: `No recording session ${sessionId}` }));
  });

  it('forgets a session whose source fails to start, and passes the error on', async () => {
    const { sessions } = setup({ failStart: true });
    await expect(sessions.start({ kind: 'microphone', deviceIndex: 7 })).rejects.toMatchObject({ code: 'device-missing' });
    await expect(sessions.stop('s1')).rejects.toMatchObject({ code: 'unknown-session' });
  });

  it('stops every live session on shutdown', async () => {
    const { sessions, sources } = setup();
    await sessions.start({ kind: 'microphone', deviceIndex: 0 });
    await sessions.start({ kind: 'file', path: '/a.wav' });
    await sessions.stopAll();
    expect(sources.map((s) => s.stopped)).toEqual([true, true]);
  });
});

import { describe, expect, it } from 'vitest';
import { AudioError } from './audio-error';
import type { AudioSourceEndReason } from './audio-source';
import { listInputDevices } from './input-devices';
import { createMicrophoneSource } from './microphone-source';
import { pvRecorderBackend } from './pvrecorder-backend';
import type { RecorderBackend, RecorderFailure, RecorderHandlers } from './recorder-backend';

/** A scripted recorder: frames on a timer, and failures on demand. */
class FakeRecorder implements RecorderBackend {
  handlers: RecorderHandlers | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private next = 0;
  stopCalls = 0;

  constructor(
    private readonly devices: string[] = ['Built-in Microphone', 'USB Headset'],
    private readonly startFailure?: RecorderFailure,
  ) {}

  async listDevices() {
    return this.devices;
  }

  async start(deviceIndex: number, frameLength: number, handlers: RecorderHandlers) {
    if (this.startFailure) throw this.startFailure;
    this.handlers = handlers;
    const frame = () => {
      const pcm = new Int16Array(frameLength);
      for (let i = 0; i < frameLength; i++) pcm[i] = ((this.next++ % 200) - 100) * 100;
      handlers.frame(pcm);
    };
    this.timer = setInterval(frame, 2);
    return {
      deviceName: this.devices[deviceIndex === -1 ? 0 : deviceIndex]!,
      stop: async () => {
        this.stopCalls++;
        clearInterval(this.timer);
        frame(); // the frame that was in flight when stop was asked for
      },
    };
  }

  vanish(): void {
    clearInterval(this.timer);
    this.handlers?.failure({ name: 'PvRecorderStatusIOError', message: 'PvRecorder failed to read audio data frame.' });
  }
}

function watch(source: ReturnType<typeof createMicrophoneSource>) {
  const seen = { samples: [] as number[], starts: [] as number[], levels: 0, errors: [] as AudioError[], ends: [] as AudioSourceEndReason[] };
  source.on('chunk', (samples, start) => {
    seen.starts.push(start);
    seen.samples.push(...samples);
  });
  source.on('level', () => seen.levels++);
  source.on('error', (error) => seen.errors.push(error));
  source.on('end', ({ reason }) => seen.ends.push(reason));
  return seen;
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('microphone source', () => {
  it('emits 16 kHz float chunks and levels; stop keeps the last frame and ends once', async () => {
    const backend = new FakeRecorder();
    const source = createMicrophoneSource({ deviceIndex: 1, frameLength: 256, backend });
    const seen = watch(source);
    await source.start();
    await tick(30);
    await source.stop();
    await source.stop();
    expect(backend.stopCalls).toBe(1);
    expect(seen.ends).toEqual(['stopped']);
    expect(seen.samples.length).toBe(seen.starts.length * 256);
    expect(seen.starts).toEqual(seen.starts.map((_, i) => i * 256));
    expect(seen.samples.slice(0, 3)).toEqual([-10000 / 32768, -9900 / 32768, -9800 / 32768]);
    expect(seen.levels).toBe(seen.starts.length);
    expect(source.samplesEmitted).toBe(seen.samples.length);
  });

  it('a device that vanishes while recording → device-lost error, then end', async () => {
    const backend = new FakeRecorder();
    const source = createMicrophoneSource({ deviceIndex: 0, backend });
    const seen = watch(source);
    await source.start();
    await tick(10);
    backend.vanish();
    expect(seen.errors.map((e) => e.code)).toEqual(['device-lost']);
    expect(seen.errors[0]!.message).toMatch(/Built-in Microphone.*stopped working/);
    expect(seen.ends).toEqual(['error']);
    await source.stop(); // harmless afterwards
    expect(seen.ends).toEqual(['error']);
  });

  it('a busy device → device-busy, naming the device', async () => {
    const backend = new FakeRecorder(['USB Headset'], { name: 'PvRecorderStatusBackendError', message: 'Device or resource busy' });
    const error = (await createMicrophoneSource({ deviceIndex: 0, backend }).start().catch((e: unknown) => e)) as AudioError;
    expect(error).toBeInstanceOf(AudioError);
    expect(error.code).toBe('device-busy');
    expect(error.message).toMatch(/USB Headset.*could not be opened.*busy/);
  });

  it('an index that is not in the list → device-missing, listing what there is', async () => {
    const error = (await createMicrophoneSource({ deviceIndex: 5, backend: new FakeRecorder() }).start().catch((e: unknown) => e)) as AudioError;
    expect(error.code).toBe('device-missing');
    expect(error.message).toMatch(/#5 was not found.*#0 "Built-in Microphone", #1 "USB Headset"/);
  });

  it('no devices at all → device-missing for the default device too', async () => {
    const error = (await createMicrophoneSource({ deviceIndex: -1, backend: new FakeRecorder([]) }).start().catch((e: unknown) => e)) as AudioError;
    expect(error.code).toBe('device-missing');
    expect(error.message).toMatch(/No microphone was found/);
  });

  it('a recorder library that cannot load → device-missing from listing, not a crash', async () => {
    const broken: RecorderBackend = {
      listDevices: () => Promise.reject(new Error('cannot open shared object file')),
      start: () => Promise.reject(new Error('unreachable')),
    };
    const error = (await listInputDevices(broken).catch((e: unknown) => e)) as AudioError;
    expect(error.code).toBe('device-missing');
    expect(error.message).toMatch(/native recorder is not available.*shared object/);
  });

  it("hides ALSA's null device, which is not a microphone", async () => {
    const devices = await listInputDevices(new FakeRecorder(['Discard all samples (playback) or generate zero samples (capture)', 'Webcam Mic']));
    expect(devices).toEqual([{ index: 1, name: 'Webcam Mic' }]);
  });
});

// The real PvRecorder binary. This machine has no sound card: ALSA offers only its null device,
// which listInputDevices hides, so starting the default microphone must fail cleanly.
describe('PvRecorder on this machine', () => {
  it('lists devices and refuses to start with a clear error when there is no microphone', async () => {
    const devices = await listInputDevices();
    if (devices.length > 0) return; // a machine with a microphone: nothing to check here
    const source = createMicrophoneSource({ deviceIndex: -1 });
    const seen = watch(source);
    const error = (await source.start().catch((e: unknown) => e)) as AudioError;
    expect(error).toBeInstanceOf(AudioError);
    expect(error.code).toBe('device-missing');
    await source.stop();
    expect(seen.ends).toEqual([]);
  });

  it('rejects an out-of-range device index from the native layer without crashing', async () => {
    const failure = await pvRecorderBackend.start(99, 512, { frame: () => undefined, failure: () => undefined }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'PvRecorderStatusInvalidArgumentError' });
  });

  const nullDevice = 'Discard all samples (playback) or generate zero samples (capture)';
  it('captures in a worker thread and stops cleanly (on ALSA null device, when present)', async () => {
    const index = (await pvRecorderBackend.listDevices()).indexOf(nullDevice);
    if (index < 0) return;
    let frames = 0;
    let framesAtStop = 0;
    let reachedTwenty!: () => void;
    const twenty = new Promise<void>((resolve) => (reachedTwenty = resolve));
    const failures: RecorderFailure[] = [];
    // Promise-driven, not timer-driven: the null device delivers frames faster than real time, and
    // timers could starve behind the message flood.
    const session = await pvRecorderBackend.start(index, 512, {
      frame: (pcm) => {
        expect(pcm).toBeInstanceOf(Int16Array);
        expect(pcm.length).toBe(512);
        if (++frames === 20) reachedTwenty();
      },
      failure: (failure) => failures.push(failure),
    });
    expect(session.deviceName).toBe(nullDevice);
    await twenty;
    framesAtStop = frames;
    await session.stop();
    const framesAfterStop = frames;
    await tick(50);
    expect(frames).toBe(framesAfterStop); // nothing after stop() resolved
    expect(framesAfterStop).toBeGreaterThanOrEqual(framesAtStop);
    expect(failures).toEqual([]);
  });
});

// The microphone as an AudioSource: 16 kHz mono frames from the native recorder, converted to float.
// A missing, busy or vanished device becomes an AudioError ('device-missing', 'device-busy',
// 'device-lost'), never an exception out of an event handler.

import { AudioError } from './audio-error';
import type { AudioSource, AudioSourceEvents } from './audio-source';
import { listInputDevices, type InputDevice } from './input-devices';
import { pvRecorderBackend } from './pvrecorder-backend';
import { isRecorderFailure, type RecorderBackend, type RecorderFailure, type RecorderSession } from './recorder-backend';
import { measureLevel } from './signal-level';
import { TypedEmitter, type Listener } from './typed-emitter';

export interface MicrophoneSourceOptions {
  /** An index from listInputDevices(), or -1 for the system default. */
  deviceIndex: number;
  /** Samples per chunk; 512 (32 ms) by default. */
  frameLength?: number;
  /** The native recorder; PvRecorder unless a test substitutes one. */
  backend?: RecorderBackend;
}

export function createMicrophoneSource(options: MicrophoneSourceOptions): AudioSource {
  return new MicrophoneSource(options);
}

class MicrophoneSource implements AudioSource {
  readonly sampleRate = 16000 as const;
  readonly events = new TypedEmitter<AudioSourceEvents>();
  private readonly backend: RecorderBackend;
  private session: RecorderSession | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private ended = false;
  private emitted = 0;
  private deviceName: string;

  constructor(private readonly options: MicrophoneSourceOptions) {
    this.backend = options.backend ?? pvRecorderBackend;
    this.deviceName = options.deviceIndex === -1 ? 'the default microphone' : `microphone #${options.deviceIndex}`;
  }

  on<K extends keyof AudioSourceEvents>(event: K, listener: Listener<AudioSourceEvents[K]>): () => void {
    return this.events.on(event, listener);
  }

  get samplesEmitted(): number {
    return this.emitted;
  }

  start(): Promise<void> {
    if (this.starting) return Promise.reject(new AudioError('device-busy', `${this.deviceName}: this microphone source has already been started`));
    this.starting = this.open();
    return this.starting;
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    if (!this.session || this.ended) {
      this.ended = true;
      return;
    }
    this.stopping ??= this.session.stop().then(() => this.end('stopped'));
    await this.stopping;
  }

  private async open(): Promise<void> {
    const { deviceIndex } = this.options;
    const devices = await listInputDevices(this.backend);
    const device = devices.find((d) => d.index === deviceIndex);
    if (deviceIndex !== -1 && device === undefined) {
      this.ended = true;
      throw new AudioError('device-missing', `${this.deviceName} was not found. ${describe(devices)}`, { device: this.deviceName });
    }
    if (devices.length === 0) {
      this.ended = true;
      throw new AudioError('device-missing', `No microphone was found. Connect one, or check that the system lets this application record audio.`, { device: this.deviceName });
    }
    if (device) this.deviceName = `microphone "${device.name}"`;
    try {
      this.session = await this.backend.start(deviceIndex, this.options.frameLength ?? 512, {
        frame: (pcm) => this.onFrame(pcm),
        failure: (failure) => this.onFailure(failure),
      });
    } catch (error) {
      this.ended = true;
      throw this.startError(error);
    }
    this.deviceName = `microphone "${this.session.deviceName}"`;
  }

  private startError(error: unknown): AudioError {
    const failure: RecorderFailure = isRecorderFailure(error) ? error : { name: 'Error', message: String(error) };
    if (/InvalidArgument|RecorderUnavailable/.test(failure.name)) {
      return new AudioError('device-missing', `${this.deviceName} is not available (${failure.message})`, { device: this.deviceName, cause: error });
    }
    return new AudioError(
      'device-busy',
      `${this.deviceName} could not be opened (${failure.message}). It may be in use by another application, or the system may be blocking access to it.`,
      { device: this.deviceName, cause: error },
    );
  }

  private onFrame(pcm: Int16Array): void {
    if (this.ended) return;
    const samples = new Float32Array(pcm.length);
    for (let i = 0; i < pcm.length; i++) samples[i] = pcm[i]! / 32768;
    const startSample = this.emitted;
    this.emitted += samples.length;
    this.events.emit('chunk', samples, startSample);
    this.events.emit('level', measureLevel(samples));
  }

  private onFailure(failure: RecorderFailure): void {
    if (this.ended) return;
    this.events.emit('error', new AudioError('device-lost', `${this.deviceName} stopped working while recording (${failure.message})`, { device: this.deviceName }));
    this.end('error');
  }

  private end(reason: 'stopped' | 'error'): void {
    if (this.ended) return;
    this.ended = true;
    this.events.emit('end', { reason });
  }
}

function describe(devices: InputDevice[]): string {
  if (devices.length === 0) return 'No microphone is connected.';
  return `Available: ${devices.map((d) => `#${d.index} "${d.name}"`).join(', ')}.`;
}

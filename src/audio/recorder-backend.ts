// What the microphone source needs from a native recorder. The real one is PvRecorder
// (pvrecorder-backend.ts); tests drive the source with a scripted fake.

export interface RecorderHandlers {
  /** One frame of 16 kHz mono int16 samples. */
  frame(pcm: Int16Array): void;
  /** The device failed while recording (unplugged, driver error); no frames follow. */
  failure(error: RecorderFailure): void;
}

/** A failure reported by the native layer, as plain data (it may cross a thread boundary). */
export interface RecorderFailure {
  /** The native error class, e.g. PvRecorderStatusIOError. */
  name: string;
  message: string;
}

export interface RecorderSession {
  /** The name of the device actually opened. */
  readonly deviceName: string;
  /** Stops capture; resolves after the last frame has been passed to `handlers.frame`. */
  stop(): Promise<void>;
}

export interface RecorderBackend {
  /** Capture device names; a device's index in this list is what `start` takes. */
  listDevices(): Promise<string[]>;
  /** Opens and starts a device (-1: the system default); rejects with a RecorderFailure if it cannot. */
  start(deviceIndex: number, frameLength: number, handlers: RecorderHandlers): Promise<RecorderSession>;
}

export function isRecorderFailure(value: unknown): value is RecorderFailure {
  return typeof value === 'object' && value !== null && typeof (value as RecorderFailure).name === 'string' && typeof (value as RecorderFailure).message === 'string';
}

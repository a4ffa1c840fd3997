// The native recorder: Picovoice PvRecorder (@picovoice/pvrecorder-node), whose prebuilt binaries for
// Linux, macOS and Windows ship inside its npm package. Records 16 kHz mono int16, our rate.
//
// PvRecorder.read() is a setTimeout around a *blocking* native read that waits for the next frame,
// so calling it on the main thread would stall Electron's main process for most of every frame.
// Capture therefore runs in a worker thread that loops readSync() and posts frames back.
// The worker also owns the native handle's lifetime: using it after release() segfaults the whole
// process (checked with v1.2.9), so release happens exactly once, after the last read.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { RecorderBackend, RecorderFailure, RecorderSession } from './recorder-backend';

interface PvRecorderStatic {
  getAvailableDevices(): string[];
}

const PACKAGE = '@picovoice/pvrecorder-node';

/** CommonJS require from this module's location (the package and its .node file are CommonJS). */
function nodeRequire(): NodeJS.Require {
  return createRequire(import.meta.url);
}

/**
 * Loads the package on first use, so a platform without a binary (or a bundle that broke the
 * resolution) fails one call with an error the caller turns into 'device-missing', not the import.
 */
function loadPvRecorder(): PvRecorderStatic {
  const module = nodeRequire()(PACKAGE) as { PvRecorder: PvRecorderStatic };
  return module.PvRecorder;
}

/** Messages from the capture worker. */
type WorkerMessage =
  | { type: 'started'; deviceName: string }
  | { type: 'frame'; pcm: Int16Array }
  | { type: 'failed'; name: string; message: string }
  | { type: 'stopped' };

// CommonJS run by `new Worker(code, { eval: true })`, so no bundler has to know about a second entry.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PvRecorder } = require(workerData.modulePath);
const post = (message, transfer) => parentPort.postMessage(message, transfer);
let recorder;
try {
  recorder = new PvRecorder(workerData.frameLength, workerData.deviceIndex, workerData.bufferedFrames);
  recorder.start();
  post({ type: 'started', deviceName: recorder.getSelectedDevice() });
} catch (error) {
  if (recorder) recorder.release();
  post({ type: 'failed', name: error.constructor.name, message: error.message });
  process.exit(0);
}
let stopping = false;
parentPort.on('message', (message) => { if (message === 'stop') stopping = true; });
function finish(message) {
  try { recorder.stop(); } catch {}
  recorder.release();
  recorder = undefined;
  post(message);
  process.exit(0);
}
function loop() {
  if (stopping) return finish({ type: 'stopped' });
  let pcm;
  try {
    pcm = recorder.readSync();
  } catch (error) {
    return finish({ type: 'failed', name: error.constructor.name, message: error.message });
  }
  post({ type: 'frame', pcm }, [pcm.buffer]);
  setImmediate(loop); // lets the 'stop' message in between frames
}
loop();
`;

/** Frames of internal ring buffer: 50 × 32 ms, plenty for a main thread busy for a second. */
const BUFFERED_FRAMES = 50;

export const pvRecorderBackend: RecorderBackend = {
  async listDevices() {
    return loadPvRecorder().getAvailableDevices();
  },

  start(deviceIndex, frameLength, handlers) {
    let worker: Worker;
    try {
      loadPvRecorder(); // fail here, on this thread, if the binary cannot load
      const modulePath = nodeRequire().resolve(PACKAGE);
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath, deviceIndex, frameLength, bufferedFrames: BUFFERED_FRAMES } });
    } catch (error) {
      const failure: RecorderFailure = { name: 'RecorderUnavailable', message: error instanceof Error ? error.message : String(error) };
      return Promise.reject(failure);
    }
    return new Promise<RecorderSession>((resolve, reject) => {
      let state: 'starting' | 'running' | 'stopping' | 'done' = 'starting';
      let stopped: () => void = () => undefined;
      const stoppedPromise = new Promise<void>((resolveStopped) => (stopped = resolveStopped));

      const fail = (failure: RecorderFailure): void => {
        const wasStarting = state === 'starting';
        const wasRunning = state === 'running';
        state = 'done';
        stopped();
        if (wasStarting) reject(failure);
        else if (wasRunning) handlers.failure(failure);
      };

      worker.on('message', (message: WorkerMessage) => {
        switch (message.type) {
          case 'started':
            state = 'running';
            resolve({
              deviceName: message.deviceName,
              stop: () => {
                if (state === 'running') {
                  state = 'stopping';
                  worker.postMessage('stop');
                }
                return stoppedPromise;
              },
            });
            break;
          case 'frame':
            if (state === 'running' || state === 'stopping') handlers.frame(message.pcm);
            break;
          case 'failed':
            fail({ name: message.name, message: message.message });
            break;
          case 'stopped':
            state = 'done';
            stopped();
            break;
        }
      });
      worker.on('error', (error) => fail({ name: error.name, message: error.message }));
      worker.on('exit', () => {
        if (state !== 'done') fail({ name: 'RecorderExited', message: 'the recorder thread exited unexpectedly' });
      });
    });
  },
};


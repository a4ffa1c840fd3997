// Capture devices, as the user should see them.

import { AudioError } from './audio-error';
import { pvRecorderBackend } from './pvrecorder-backend';
import type { RecorderBackend } from './recorder-backend';

export interface InputDevice {
  /** The recorder's own index for this device: pass it to createMicrophoneSource. */
  index: number;
  name: string;
}

/**
 * ALSA's "null" PCM, which PvRecorder lists on Linux machines without a sound card. Capturing from
 * it yields endless zeros faster than real time: it is not a microphone, so it is not offered.
 */
const NOT_MICROPHONES = new Set(['Discard all samples (playback) or generate zero samples (capture)']);

/**
 * The capture devices; an empty list when there are none (a normal state the UI shows). Rejects with
 * 'device-missing' only when the native recorder cannot run on this system at all.
 */
export async function listInputDevices(backend: RecorderBackend = pvRecorderBackend): Promise<InputDevice[]> {
  let names: string[];
  try {
    names = await backend.listDevices();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AudioError('device-missing', `Microphones cannot be listed: the native recorder is not available on this system (${detail})`, { cause: error });
  }
  return names.map((name, index) => ({ index, name })).filter((device) => !NOT_MICROPHONES.has(device.name));
}

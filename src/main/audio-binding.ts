// Binds the audio front end (src/audio/) to the port the services use. The only module of the main
// process that imports it, so the services stay testable with a scripted port.
import * as audio from '../audio';
import type { AudioPort } from './audio-port';

export function bindAudioFrontEnd(): AudioPort {
  return {
    openFeatureBlocks: async (path) => {
      const stream = await audio.FileStream.open(path);
      const reader = new audio.FeatureBlockReader(stream);
      return {
        read: () => reader.read(),
        get progress() {
          return stream.progress;
        },
        get samplesRead() {
          return stream.samplesRead;
        },
        warnings: () => stream.warnings(),
        close: () => stream.close(),
      };
    },
    readFeatureRange: (path, firstFrame, nFrames) => audio.readFeatureRange(path, firstFrame, nFrames),
    createStreamingFeatures: () => new audio.StreamingFeatureExtractor(),
    listInputDevices: () => audio.listInputDevices(),
    createMicrophoneSource: ({ deviceIndex }) => audio.createMicrophoneSource({ deviceIndex }),
    createFileSource: (path, { realtime }) => audio.createFileSource(path, { realtime }),
  };
}

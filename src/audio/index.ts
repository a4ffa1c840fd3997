// The audio front end, shared by the main process, the CLI and the benchmarks: files and microphones in,
// 16 kHz mono samples and log-mel features out. Plain TypeScript over Node; nothing here imports electron.
// Outside callers import this index, never its modules (src/architecture.test.ts).

export { AudioError, isAudioError, type AudioErrorCode } from './audio-error';
export type { AudioWarning, AudioWarningCode } from './audio-warning';
export { FEATURE_PARAMETERS, TARGET_SAMPLE_RATE, type FeatureParameters } from './feature-parameters';
export { frameCount, frameStart } from './feature-framing';

export { decodeFile, type DecodedAudio } from './decode-file';
export { decodeFiles, type DecodeFilesOptions, type DecodeResult } from './decode-files';
export { DecodedStream, type DecodeOptions } from './decoded-stream';
export type { AudioSourceInfo } from './pcm-source';

export { extractFeatures, extractFeaturesAsync, type ExtractFeaturesAsyncOptions, type FeatureMatrix } from './extract-features';
export { StreamingFeatureExtractor, type FeatureFrameBlock } from './streaming-feature-extractor';
export { attachFeatureExtractor } from './source-features';

export type { AudioSource, AudioSourceEndReason, AudioSourceEvents } from './audio-source';
export type { SignalLevel } from './signal-level';
export { TypedEmitter } from './typed-emitter';
export { createFileSource, type FileSourceOptions } from './file-source';
export { createMicrophoneSource, type MicrophoneSourceOptions } from './microphone-source';
export { listInputDevices, type InputDevice } from './input-devices';
export type { RecorderBackend, RecorderFailure, RecorderHandlers, RecorderSession } from './recorder-backend';
export { FileStream } from './file-stream';
export { BLOCK_SAMPLES, FeatureBlockReader, type FeatureBlock } from './feature-blocks';
export { readFeatureRange, type FeatureRange } from './feature-range';

// The core runtime's public API: what the renderer's worker, the CLI and the benchmarks import.
// It runs anywhere onnxruntime-web does (a Web Worker, Node) and imports nothing from Electron,
// React or Node.

export {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  BundleError,
  DEFAULT_BUNDLE_FOLDER,
  loadBundle,
  parseModelConfig,
  urlBundleReader,
  type AttentionWindow,
  type BundleErrorCode,
  type BundleReader,
  type FetchLike,
  type ModelBundle,
  type ModelConfig,
  type PartName,
} from './bundle';
export {
  BackendError,
  configureOnnxRuntime,
  hasWebGpu,
  Runtime,
  type BackendChoice,
  type BackendName,
  type OnnxRuntimeSettings,
  type PartSession,
  type RuntimeOptions,
  type SessionFactory,
} from './backend';
export { Recogniser, type Recognition, type RecogniseOptions } from './recogniser';
export { runSettings, type RunSettings } from './run-settings';
export { resultBody, type FinishedRun, type ResultBody } from './result';
export { transcribe, transcribeStream, type AudioBlock, type FeatureExtractor, type SegmentRecogniser, type Transcript, type TranscriptSegment, type TranscribeOptions } from './pipeline';
export type { Decoded, DecodeOptions, DecoderKind, TokenAttention } from './decoding';
export {
  decoderInput,
  MAX_TOP_K,
  MAX_TRACE_HYPOTHESES,
  MAX_TRACE_N_BEST,
  roundTrace,
  sumParts,
  TRACE_TOP_K,
  traceSettings,
  type AtFinished,
  type AtStepHypothesis,
  type AtTrace,
  type AtTraceStep,
  type CtcLane,
  type DecoderTrace,
  type NatIteration,
  type NatTrace,
  type NBestEntry,
  type NBestTrace,
  type NextToken,
  type ScoreParts,
  type SegmentTrace,
  type TraceOptions,
  type TraceSettings,
} from './trace';
export { AtTraceRecorder, type AtStepRows } from './at-trace';
export { ctcLane, laneArgmax } from './ctc-lane';
export { alignWords, textWordsOf, wordAlternatives, type WordAlternative } from './alternatives';
export { encodedFrameCount, featureSpan, type EncoderOutput } from './encoder';
export { StreamingEncoder, type EncodedChunk, type StreamingEncoderOptions } from './streaming';
export { CtcGreedyDecoder, ctcGreedy, type CtcToken } from './ctc';
export { maxTokens, repeatsTooMuch } from './search';
export { alignmentMatrix, dtw, tokenTimes, wordTimings, type TokenTime, type WordTiming } from './timing';
export { alignText, spellWord, textWords, type AlignedWord, type Alignment, type AlignmentProblem, type AlignmentSpan, type AlignmentVocabulary, type CtcPosteriors } from './align';
export { restorePosteriors, STORED_REST, STORED_TOP_K, storedVocabulary, storePosteriors, type StoredPosteriors, type StoreOptions } from './posteriors';
export { combineWitnesses, CTC_CONFIDENCE_WEIGHT, UNSURE_BELOW, wordConfidences, wordWitnesses, type WordWitnesses } from './confidence';
export { segmentAtPauses, SpeechEndpointer, type AudioSegment, type EndpointOptions, type SegmentOptions } from './segment';
export { combineStats, now, runStats, type RunStats } from './stats';
export { TokenTable } from './tokens';
export { characterErrorRate, characters, editCounts, Tally, wordErrorRate, words, type EditCounts } from './score';
export { normalise } from './text';
export { captions, type Caption, type CaptionFormat } from './captions';
export { fastFinalOptions, LiveTranscriber, type LivePartial, type LivePartialOptions } from './live';
export { CoreError, serveCore, type CoreRequest, type CoreResponse, type LoadedModel, type PortLike } from './worker';
export { createSupervisedCoreClient, WORKER_CRASHED, type SupervisedCoreClient, type SupervisorOptions, type WorkerLike } from './worker-supervisor';
export { WordLanguageModel, type WordScore, type WordState } from './word-lm';
export { Lexicon } from './lexicon';
export { WordFusion, type WordFusionOptions } from './word-fusion';
export { wordBeamSearch } from './word-search';
export { CharacterLM } from './lm';

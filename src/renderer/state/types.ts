// What the workbench shows: audio items (files in the batch queue, recordings), their runs, the
// loaded model, the live session and the user's settings.
import type { LoadedModel } from '../../core/worker-protocol';
import type { AudioWarning, ModelBundleEntry, PendingFile, ResultSummary, WorkbenchSettings } from '../../shared/contract';
import type { RunOutput } from '../engine/transcription';
import type { ShownError } from '../model';

export type ItemStatus = 'queued' | 'loading' | 'recognising' | 'done' | 'error' | 'cancelled';

export interface ItemAudio {
  samples: Float32Array;
  durationS: number;
  warnings: AudioWarning[];
  frames: Float32Array;
  nFrames: number;
  nMels: number;
}

export interface Item {
  id: string;
  name: string;
  /** A file path, or a dropped file's name, or "microphone" / "live: <path>". */
  source: string;
  kind: 'file' | 'dropped' | 'recording' | 'stored';
  status: ItemStatus;
  /** 0..1 of the current job. */
  progress: number;
  /** Seconds left for this item's job, when it can be estimated. */
  etaS?: number;
  startedAt?: number;
  /** When a file was first queued (ISO 8601): a result stored after it means the file is finished. */
  queuedAt?: string;
  error?: ShownError;
  audio?: ItemAudio;
  /** A dropped file's bytes, held until its copy is kept (for good when no copy could be written, so a retry has them). */
  bytes?: Uint8Array;
  /** A dropped file's copy in the app's data folder: what a batch killed before it finished resumes from. */
  keptPath?: string;
  run?: RunOutput;
  resultId?: string;
  compare?: { at: RunOutput; nat: RunOutput };
  comparing?: boolean;
}

export interface ModelState {
  status: 'loading' | 'ready' | 'error';
  bundle: string;
  loaded?: LoadedModel;
  /** model.json as served (architecture, decoding defaults, card). */
  config?: ModelJson;
  error?: ShownError;
  /** The backend now running, with why it fell back when it did. */
  backendNote?: string;
}

export interface ModelJson {
  architecture: { dModel: number; heads: number; ffDim: number; encoderLayers: number; atLayers: number; natLayers: number; subsampling: number; frameMs: number; parameters: number; trainedWindows: { left: number[]; right: number[]; unlimited: number } };
  /**
   * atCtcWeight: AT's joint CTC weight; absent in bundles from before joint decoding (then 0). lmWeight and
   * ctcLmWeight: the language model's weight in AT and CTC beam search, ctcLengthBonus CTC's per-character
   * bonus; absent where the bundle does not say (then 0).
   */
  decoding: { defaultWindows: { left: number; right: number }; atCtcWeight?: number; lmWeight?: number; ctcLmWeight?: number; ctcLengthBonus?: number };
  card: Record<string, unknown>;
  tokens: { list: string[] };
}

export interface LiveState {
  status: 'idle' | 'starting' | 'recording' | 'finishing';
  sessionId?: string;
  source?: 'microphone' | 'file';
  level: number;
  partial: string;
  /** Finalised segments of the running session. */
  finals: { start: number; end: number; text: string }[];
  seconds: number;
}

export interface WorkbenchState {
  settings: WorkbenchSettings;
  settingsLoaded: boolean;
  model: ModelState;
  bundles: ModelBundleEntry[];
  items: Item[];
  selectedId?: string;
  results: ResultSummary[];
  /** Files an earlier run left unfinished (it was killed or crashed), until resumed or dismissed. */
  resumeOffer?: PendingFile[];
  live: LiveState;
  error?: ShownError;
  /** Which transcript view: the run, or AT vs NAT. */
  view: 'transcript' | 'compare';
  showModel: boolean;
}

// What the workbench shows: audio items (files in the batch queue, recordings), their runs, the
// loaded model, the live session and the user's settings.
import type { ModelConfig } from '../../core/bundle';
import type { LoadedModel } from '../../core/worker-protocol';
import type { ModelBundleEntry, PendingFile, ResultSummary, WorkbenchSettings } from '../../shared/contract';
import type { DecoderKind } from '../../core/decoding';
import type { RunOutput } from '../engine/transcription';
import type { TracedSegment } from '../engine/trace-segment';
import type { ItemAudio } from './audio-overview';
import type { SearchHit } from './transcript-search';
import type { ShownError } from '../model';

export type ItemStatus = 'queued' | 'loading' | 'recognising' | 'done' | 'error' | 'cancelled';

export type { ItemAudio } from './audio-overview';

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
  /** Why a stored result's audio could not be opened (the file gone, moved or unreadable): the waveform says so. */
  audioProblem?: string;
}

export interface ModelState {
  status: 'loading' | 'ready' | 'error';
  bundle: string;
  loaded?: LoadedModel;
  /** model.json as served, parsed and checked by the core's own reader (architecture, decoding defaults, card). */
  config?: ModelConfig;
  error?: ShownError;
  /** The backend now running, with why it fell back when it did. */
  backendNote?: string;
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
  /** What the last transcript edit, undo, redo or unsure-word step had to say (a refused edit's reason). */
  editNotice?: EditNotice;
  search: SearchState;
  explorer: ExplorerState;
}

/** The decoding explorer (explorer.ts): open or not, what it traces and the trace once it is there. */
export interface ExplorerState {
  open: boolean;
  /** The decoder it traces; undefined: the shown run's. */
  decoder?: DecoderKind;
  /** Which segment of the selected item's result. */
  segment: number;
  status: 'idle' | 'tracing' | 'ready' | 'error';
  /** What is traced or being traced (item, segment, decoder, settings, model): a change traces again. */
  key?: string;
  /** The item the trace is of. */
  itemId?: string;
  traced?: TracedSegment;
  error?: ShownError;
  /** The layer and head whose cross-attention the step's row shows (-1: the mean over all). */
  layer: number;
  head: number;
  /** The CTC lane's frame whose top-k is shown. */
  frame?: number;
}

/** A message about editing, shown in the transcript of the result it concerns (every transcript when none). */
export interface EditNotice {
  resultId?: string;
  code: string;
  message: string;
}

/** The search box (Ctrl+F): its query and hits over the open transcripts and every stored result. */
export interface SearchState {
  open: boolean;
  query: string;
  hits: SearchHit[];
  /** Transcripts searched, and stored results still being read. */
  searched: number;
  loading: number;
  /** Stored results that could not be read, named. */
  unreadable: string[];
}

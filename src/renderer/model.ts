// Renderer-side view models shared by the panes.
import { ContractError, type AudioWarning } from '../shared/contract';

export interface AudioClip {
  id: string;
  name: string;
  /** Absent for microphone recordings. */
  path?: string;
  samples: Float32Array;
  durationS: number;
  warnings: AudioWarning[];
}

/** An error as the status bar shows it. */
export interface ShownError {
  code: string;
  message: string;
  file?: string;
}

export function toShownError(cause: unknown): ShownError {
  if (cause instanceof ContractError) return cause.toData();
  if (cause instanceof Error) {
    // Errors from the inference worker and the app's own carry a code (and sometimes a file).
    const { code, file } = cause as Error & { code?: unknown; file?: unknown };
    const shown: ShownError = { code: typeof code === 'string' ? code : 'renderer', message: cause.message };
    if (typeof file === 'string') shown.file = file;
    return shown;
  }
  if (typeof cause === 'object' && cause !== null && typeof (cause as ShownError).code === 'string') return cause as ShownError;
  return { code: 'renderer', message: String(cause) };
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

export function formatSeconds(seconds: number): string {
  return `${seconds.toFixed(2)} s`;
}

// The one error type the audio front end throws or emits. Every failure a user can cause (a bad file,
// a missing microphone) becomes an AudioError with a code the UI can branch on and a message that
// names the file or device and the reason, so a batch can report it and carry on.

export type AudioErrorCode =
  | 'not-found' // the path does not exist
  | 'unreadable' // exists but cannot be read (permissions, a directory, I/O error)
  | 'empty' // zero bytes, or a valid header with no samples
  | 'too-short' // decodes, but shorter than one feature frame
  | 'truncated' // the header or container structure ends early
  | 'not-audio' // not a recognised audio file (random bytes, an image, text)
  | 'unsupported-codec' // a recognised container holding a codec we do not decode (e.g. ADPCM WAV)
  | 'unsupported-format' // a recognised codec with parameters we do not handle (e.g. 384 kHz)
  | 'corrupt' // the decoder failed or produced nothing from a well-formed header
  | 'invalid-samples' // NaN or infinite sample values
  | 'aborted' // the caller cancelled
  | 'device-missing' // no such capture device, or no capture device at all
  | 'device-busy' // the device exists but could not be opened
  | 'device-lost'; // the device failed or vanished while recording

export interface AudioErrorDetails {
  /** The file the error concerns. */
  file?: string;
  /** The capture device the error concerns. */
  device?: string;
  cause?: unknown;
}

export class AudioError extends Error {
  readonly code: AudioErrorCode;
  readonly file?: string;
  readonly device?: string;

  constructor(code: AudioErrorCode, message: string, details: AudioErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'AudioError';
    this.code = code;
    if (details.file !== undefined) this.file = details.file;
    if (details.device !== undefined) this.device = details.device;
  }
}

export function isAudioError(value: unknown): value is AudioError {
  return value instanceof AudioError;
}

/** An AudioError about `file`, whose message starts with the file name so it reads well in a list. */
export function fileError(code: AudioErrorCode, file: string, reason: string, cause?: unknown): AudioError {
  return new AudioError(code, `${file}: ${reason}`, { file, cause });
}

/** Maps a Node fs error (ENOENT, EACCES, EISDIR, ...) on `file` to an AudioError. */
export function fileSystemError(file: string, error: unknown): AudioError {
  const code = (error as { code?: unknown }).code;
  const detail = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return fileError('not-found', file, 'file not found', error);
    case 'EACCES':
    case 'EPERM':
      return fileError('unreadable', file, 'permission denied: the file cannot be read', error);
    case 'EISDIR':
      return fileError('unreadable', file, 'a folder, not a file', error);
    default:
      return fileError('unreadable', file, `cannot be read (${detail})`, error);
  }
}

/** Any error as an AudioError about `file`: AudioErrors pass through, anything else becomes 'corrupt'. */
export function asFileError(file: string, error: unknown): AudioError {
  if (error instanceof AudioError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return fileError('corrupt', file, `could not be decoded (${detail})`, error);
}

// Problems that do not stop decoding but that the user should see next to the file.

export type AudioWarningCode =
  | 'silence' // the whole file is (near) silent
  | 'clipping' // many samples sit at full scale: the recording was overdriven
  | 'truncated' // the data ends before the header says it should; what exists was decoded
  | 'decoder-errors'; // the codec skipped frames it could not decode

export interface AudioWarning {
  code: AudioWarningCode;
  message: string;
}

// Random-access bytes of a file, or of a rearranged view of one (mp4-moov-first.ts).

export interface ByteSource {
  readonly path: string;
  readonly size: number;
  /** Up to `length` bytes from `position`; fewer only at the end. */
  read(position: number, length: number): Promise<Uint8Array>;
}

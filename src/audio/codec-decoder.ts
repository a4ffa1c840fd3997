// One interface over the WebAssembly/JS decoders of the @audio/decode-* family: feed bytes in any
// pieces, get planar float PCM at the stream's own rate. Each package loads only when a file needs it.

import type { ContainerFormat } from './container-format';

export interface PcmBlock {
  /** One array per channel, all the same length. */
  channelData: Float32Array[];
  /** 0 when the block is empty. */
  sampleRate: number;
}

export interface CodecDecoder {
  /** Decodes the next bytes of the file. */
  decode(bytes: Uint8Array): Promise<PcmBlock>;
  /** Decodes whatever the codec still holds, at the end of the file. */
  flush(): Promise<PcmBlock>;
  /** Frames the codec reported as undecodable so far. */
  readonly errorCount: number;
  free(): void;
}

/** The shape every @audio/decode-* streaming decoder shares (mp3 has no flush; some return promises). */
interface PackageDecoder {
  decode(bytes: Uint8Array): PcmResult | Promise<PcmResult>;
  flush?(): PcmResult | Promise<PcmResult>;
  free(): void;
}
type PcmResult = { channelData: Float32Array[]; sampleRate: number; errors?: unknown[] };

export type CompressedFormat = Exclude<ContainerFormat, 'wav'>;

/** Codec names for DecodedAudio.source. */
export const CODEC_OF: Record<CompressedFormat, { container: string; codec: string }> = {
  flac: { container: 'flac', codec: 'flac' },
  'ogg-flac': { container: 'ogg', codec: 'flac' },
  mp3: { container: 'mp3', codec: 'mp3' },
  adts: { container: 'adts', codec: 'aac' },
  'ogg-vorbis': { container: 'ogg', codec: 'vorbis' },
  'ogg-opus': { container: 'ogg', codec: 'opus' },
  mp4: { container: 'mp4', codec: 'unknown' }, // read from the file: codec-name.ts
  webm: { container: 'webm', codec: 'unknown' },
};

async function loadPackageDecoder(format: CompressedFormat): Promise<PackageDecoder> {
  // Literal specifiers, so bundlers see every package.
  switch (format) {
    case 'flac':
    case 'ogg-flac':
      return (await import('@audio/decode-flac')).decoder();
    case 'mp3':
      return (await import('@audio/decode-mp3')).decoder();
    case 'adts':
      return (await import('@audio/decode-aac')).decoder();
    case 'ogg-vorbis':
      return (await import('@audio/decode-vorbis')).decoder();
    case 'ogg-opus':
      return (await import('@audio/decode-opus')).decoder() as Promise<PackageDecoder>;
    case 'mp4':
      return (await import('@audio/decode-mp4')).decoder();
    case 'webm':
      return (await import('@audio/decode-webm')).decoder();
  }
}

export async function createCodecDecoder(format: CompressedFormat): Promise<CodecDecoder> {
  const inner = await loadPackageDecoder(format);
  let errorCount = 0;
  let freed = false;
  const take = (result: PcmResult): PcmBlock => {
    errorCount += result.errors?.length ?? 0;
    return { channelData: result.channelData, sampleRate: result.sampleRate };
  };
  return {
    async decode(bytes) {
      return take(await inner.decode(bytes));
    },
    async flush() {
      return inner.flush ? take(await inner.flush()) : { channelData: [], sampleRate: 0 };
    },
    get errorCount() {
      return errorCount;
    },
    free() {
      if (freed) return;
      freed = true;
      inner.free();
    },
  };
}

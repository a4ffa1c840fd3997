// A binary-safe message encoding for transports that are not structured-clone (the e2e test host's
// WebSocket). JSON carries the structure; typed arrays travel as raw bytes after it, so a
// Float32Array of audio arrives bit-exact (NaN, -0 and denormals included) and without the 5×
// blow-up of printing floats as text.
//
// Frame layout (little-endian):
//   u32 headerBytes | header: UTF-8 JSON | zero padding to a multiple of 8 | typed-array bytes…
// In the JSON a typed array is replaced by {"$typed": kind, "offset": byteOffset, "length": n},
// offsets counted from the start of the binary section, each aligned to 8 bytes.
// Plain-number caveats are JSON's: NaN/±Infinity outside typed arrays become null, `undefined`
// object members are dropped.

const typedArrayKinds = {
  Float32Array,
  Float64Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint16Array,
  Uint32Array,
} as const;

type TypedArrayKind = keyof typeof typedArrayKinds;
type AnyTypedArray = InstanceType<(typeof typedArrayKinds)[TypedArrayKind]>;

const MARKER = '$typed';
const ALIGN = 8;

function kindOf(value: unknown): TypedArrayKind | undefined {
  if (!ArrayBuffer.isView(value)) return undefined;
  for (const kind of Object.keys(typedArrayKinds) as TypedArrayKind[]) {
    if (value instanceof typedArrayKinds[kind]) return kind;
  }
  return undefined;
}

const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

export function encodeMessage(message: unknown): Uint8Array<ArrayBuffer> {
  const arrays: AnyTypedArray[] = [];
  const offsets: number[] = [];
  let binaryBytes = 0;
  const json = JSON.stringify(message, function replacer(_key, value: unknown) {
    const kind = kindOf(value);
    if (kind === undefined) return value;
    const array = value as AnyTypedArray;
    arrays.push(array);
    offsets.push(binaryBytes);
    const entry = { [MARKER]: kind, offset: binaryBytes, length: array.length };
    binaryBytes += align(array.byteLength);
    return entry;
  });
  const header = new TextEncoder().encode(json ?? 'null');
  const binaryStart = align(4 + header.byteLength);
  const frame = new Uint8Array(binaryStart + binaryBytes);
  new DataView(frame.buffer).setUint32(0, header.byteLength, true);
  frame.set(header, 4);
  arrays.forEach((array, i) => {
    frame.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), binaryStart + offsets[i]!);
  });
  return frame;
}

export function decodeMessage(frame: ArrayBuffer | ArrayBufferView): unknown {
  const bytes = ArrayBuffer.isView(frame)
    ? new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength)
    : new Uint8Array(frame);
  if (bytes.byteLength < 4) throw new Error('wire: frame shorter than its header length');
  const headerBytes = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (4 + headerBytes > bytes.byteLength) throw new Error('wire: header runs past the frame');
  const json = new TextDecoder().decode(bytes.subarray(4, 4 + headerBytes));
  const binaryStart = align(4 + headerBytes);
  return JSON.parse(json, function reviver(_key, value: unknown) {
    if (typeof value !== 'object' || value === null || !(MARKER in value)) return value;
    const { [MARKER]: kind, offset, length } = value as Record<string, unknown>;
    if (typeof kind !== 'string' || !Object.hasOwn(typedArrayKinds, kind)) return value;
    if (!Number.isInteger(offset) || !Number.isInteger(length)) throw new Error('wire: bad typed-array entry');
    const Ctor = typedArrayKinds[kind as TypedArrayKind];
    const start = binaryStart + (offset as number);
    const byteLength = (length as number) * Ctor.BYTES_PER_ELEMENT;
    if (start + byteLength > bytes.byteLength) throw new Error('wire: typed array runs past the frame');
    // Copy into a fresh, aligned buffer: the frame's own offset may not be aligned for the element size.
    return new Ctor(bytes.slice(start, start + byteLength).buffer);
  });
}

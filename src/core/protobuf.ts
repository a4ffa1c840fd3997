// The protocol-buffer wire format, as much of it as float-matmuls.ts needs to rewrite an ONNX graph's nodes
// without a protobuf library: a message is a run of fields, each a key (field number, wire type) and a value;
// untouched fields are copied as bytes, so nothing but the rewritten nodes is re-encoded.

export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

export interface Field {
  number: number;
  wireType: number;
  /** The whole field, key included: message.subarray(start, end) copies it as it was. */
  start: number;
  end: number;
  /** Length-delimited fields (strings, bytes, sub-messages): where the value lies. */
  valueStart: number;
  /** Varint fields: the value (below 2^53). */
  value: number;
}

function readVarint(bytes: Uint8Array, at: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = at; i < bytes.length; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, i + 1];
    scale *= 128;
  }
  throw new Error('protobuf: truncated varint');
}

/** A message's fields, in order. */
export function fields(message: Uint8Array): Field[] {
  const out: Field[] = [];
  let at = 0;
  while (at < message.length) {
    const start = at;
    const [key, afterKey] = readVarint(message, at);
    const number = Math.floor(key / 8);
    const wireType = key % 8;
    let value = 0;
    let valueStart = afterKey;
    if (wireType === WIRE.varint) [value, at] = readVarint(message, afterKey);
    else if (wireType === WIRE.fixed64) at = afterKey + 8;
    else if (wireType === WIRE.fixed32) at = afterKey + 4;
    else if (wireType === WIRE.bytes) {
      const [length, afterLength] = readVarint(message, afterKey);
      valueStart = afterLength;
      at = afterLength + length;
    } else throw new Error(`protobuf: wire type ${wireType} is not supported`);
    if (at > message.length) throw new Error('protobuf: field runs past the end of the message');
    out.push({ number, wireType, start, end: at, valueStart, value });
  }
  return out;
}

/** A length-delimited field's value. */
export function valueOf(message: Uint8Array, field: Field): Uint8Array {
  return message.subarray(field.valueStart, field.end);
}

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();

export function stringOf(message: Uint8Array, field: Field): string {
  return utf8Decoder.decode(valueOf(message, field));
}

function varint(value: number): number[] {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

export function varintField(number: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(number * 8 + WIRE.varint), ...varint(value)]);
}

export function bytesField(number: number, value: Uint8Array): Uint8Array {
  return concat([Uint8Array.from([...varint(number * 8 + WIRE.bytes), ...varint(value.length)]), value]);
}

export function stringField(number: number, value: string): Uint8Array {
  return bytesField(number, utf8Encoder.encode(value));
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

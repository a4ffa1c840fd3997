import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from './wire';

const bytesOf = (array: ArrayBufferView) => Array.from(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));

describe('wire encoding', () => {
  it('round-trips Float32Array payloads bit-exact, including NaN, -0, infinities and denormals', () => {
    fc.assert(
      fc.property(fc.float32Array({ maxLength: 2000 }), fc.string(), fc.integer(), (samples, sessionId, startSample) => {
        const decoded = decodeMessage(encodeMessage({ type: 'event', payload: { sessionId, startSample, samples } })) as {
          type: string;
          payload: { sessionId: string; startSample: number; samples: Float32Array };
        };
        expect(decoded.type).toBe('event');
        expect(decoded.payload.sessionId).toBe(sessionId);
        expect(decoded.payload.startSample).toBe(startSample);
        expect(decoded.payload.samples).toBeInstanceOf(Float32Array);
        expect(bytesOf(decoded.payload.samples)).toEqual(bytesOf(samples));
      }),
    );
  });

  it('keeps several typed arrays of different kinds, at unaligned offsets, apart', () => {
    const backing = new Float32Array([9, 1, 2, 3]);
    const message = {
      a: backing.subarray(1), // byteOffset 4
      b: new Int16Array([-1, 2, -3]), // 6 bytes: the next array starts after padding
      nested: [{ c: new Uint8Array([255, 0, 7]) }, new Float64Array([Math.PI])],
      empty: new Float32Array(0),
    };
    const decoded = decodeMessage(encodeMessage(message)) as typeof message;
    expect(decoded.a).toEqual(new Float32Array([1, 2, 3]));
    expect(decoded.b).toEqual(new Int16Array([-1, 2, -3]));
    expect(decoded.nested[0]).toEqual({ c: new Uint8Array([255, 0, 7]) });
    expect(decoded.nested[1]).toEqual(new Float64Array([Math.PI]));
    expect(decoded.empty).toEqual(new Float32Array(0));
  });

  it('round-trips arbitrary JSON values unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(decodeMessage(encodeMessage(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('accepts frames at any offset of a larger buffer (as ws delivers Node Buffers)', () => {
    const frame = encodeMessage({ samples: new Float32Array([0.25, -0.5]) });
    const padded = new Uint8Array(frame.byteLength + 3);
    padded.set(frame, 3);
    expect(decodeMessage(padded.subarray(3))).toEqual({ samples: new Float32Array([0.25, -0.5]) });
  });

  it('rejects truncated frames instead of reading past them', () => {
    const frame = encodeMessage({ samples: new Float32Array(16) });
    expect(() => decodeMessage(frame.subarray(0, 2))).toThrow(/shorter/);
    expect(() => decodeMessage(frame.subarray(0, frame.byteLength - 4))).toThrow(/past the frame/);
  });
});

// A one-node ONNX model, Y = X · W with W a constant initializer, written directly as protobuf bytes:
// the practical MatMul peak of onnxruntime-web on this machine (the same kernel, the same constant
// prepacked weights as the model's Linear layers), to set measured GFLOP/s beside.

/** ONNX TensorProto.DataType FLOAT. */
const FLOAT = 1;

/** Model bytes for X [M, K] (input "x") times a random K × N weight (output "y"). */
export function matMulModel(m: number, k: number, n: number, seed = 1): Uint8Array {
  const weights = new Float32Array(k * n);
  let state = seed;
  for (let i = 0; i < weights.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    weights[i] = state / 2 ** 32 - 0.5;
  }
  const initializer = message([
    ...[k, n].map((d) => varintField(1, d)),
    varintField(2, FLOAT),
    bytesField(8, utf8('w')),
    bytesField(9, new Uint8Array(weights.buffer)),
  ]);
  const node = message([bytesField(1, utf8('x')), bytesField(1, utf8('w')), bytesField(2, utf8('y')), bytesField(4, utf8('MatMul'))]);
  const graph = message([
    bytesField(1, node),
    bytesField(2, utf8('matmul')),
    bytesField(5, initializer),
    bytesField(11, valueInfo('x', [m, k])),
    bytesField(12, valueInfo('y', [m, n])),
  ]);
  const opset = message([bytesField(1, utf8('')), varintField(2, 17)]);
  return message([varintField(1, 8), bytesField(8, opset), bytesField(7, graph)]);
}

function valueInfo(name: string, dims: number[]): Uint8Array {
  const shape = message(dims.map((d) => bytesField(1, message([varintField(1, d)]))));
  const tensorType = message([varintField(1, FLOAT), bytesField(2, shape)]);
  return message([bytesField(1, utf8(name)), bytesField(2, message([bytesField(1, tensorType)]))]);
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

function varintField(field: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(field << 3), ...varint(value)]);
}

function bytesField(field: number, bytes: Uint8Array): Uint8Array {
  return message([Uint8Array.from([...varint((field << 3) | 2), ...varint(bytes.length)]), bytes]);
}

function message(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

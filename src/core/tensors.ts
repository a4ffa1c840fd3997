// Small constructors for the tensors the parts take. int64 tensors are BigInt64Array in onnxruntime-web.

import * as ort from 'onnxruntime-web';

export function int64(values: readonly number[], dims: readonly number[] = [values.length]): ort.Tensor {
  return new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), dims);
}

/** A bool tensor from 0/1 bytes. */
export function bool(values: Uint8Array, dims: readonly number[]): ort.Tensor {
  return new ort.Tensor('bool', values, dims);
}

export function float32(data: Float32Array, dims: readonly number[]): ort.Tensor {
  return new ort.Tensor('float32', data, dims);
}

/** The float data of an output tensor (already on the CPU: sessions keep outputs there). */
export function floats(tensor: ort.Tensor | undefined, name: string): Float32Array {
  if (!tensor || !(tensor.data instanceof Float32Array)) throw new Error(`output ${name} is missing or not float32`);
  return tensor.data;
}

export function int64s(tensor: ort.Tensor | undefined, name: string): number[] {
  if (!tensor || !(tensor.data instanceof BigInt64Array)) throw new Error(`output ${name} is missing or not int64`);
  return Array.from(tensor.data, (v) => Number(v));
}

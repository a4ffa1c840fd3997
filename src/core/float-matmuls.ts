// A part exported with integer MatMuls (training/integer_matmul.py, docs/bundle.md "integerMatMuls") multiplies its
// int8 weights in int8 on WASM, where that is about a quarter faster. onnxruntime-web's WebGPU provider has neither
// DynamicQuantizeLinear nor MatMulInteger (its docs/webgpu-operators.md), so a WebGPU session would run those nodes
// on the CPU, copying every activation back and forth. Before a WebGPU session is created, each group
//
//   x_q, x_scale, x_zero = DynamicQuantizeLinear(x); product = Cast(MatMulInteger(x_q, W_int8, x_zero));
//   scales = Mul(x_scale, W_scale); y = Mul(product, scales)
//
// goes back to the fp32 form every other bundle has: W = Mul(Cast(W_int8), W_scale) (folded into a constant when
// the session loads) and y = MatMul(x, W). The same weights, fp32 arithmetic: what the part computed before the
// integer option existed. Groups are found by their structure, not by names; anything else is left as it is.

import { bytesField, concat, fields, stringField, stringOf, valueOf, varintField, WIRE, type Field } from './protobuf';

// ONNX's field numbers (onnx.proto) and the two data types used here
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 } as const;
const ATTRIBUTE = { name: 1, i: 3, type: 20 } as const;
const ATTRIBUTE_INT = 2;
const TENSOR = { dataType: 2, name: 8 } as const;
const FLOAT = 1;
const INT8 = 3;

interface GraphNode {
  field: Field;
  opType: string;
  inputs: string[];
  outputs: string[];
}

/** One integer MatMul: its five nodes (indices into the graph's nodes) and what the fp32 MatMul needs. */
interface IntegerGroup {
  quantise: number;
  removed: number[];
  /** The group's last node: the fp32 MatMul takes its place, so every consumer of y still follows it. */
  last: number;
  x: string;
  weight: string;
  scale: string;
  y: string;
}

/** The model with its integer MatMul groups in fp32 form; the same bytes when it has none. */
export function floatMatMuls(model: Uint8Array): Uint8Array {
  const top = fields(model);
  const graphField = top.find((f) => f.number === MODEL_GRAPH && f.wireType === WIRE.bytes);
  if (!graphField) return model;
  const graph = valueOf(model, graphField);
  const graphFields = fields(graph);
  const nodes = graphFields.filter((f) => f.number === GRAPH_NODE).map((f) => readNode(graph, f));
  if (!nodes.some((n) => n.opType === 'MatMulInteger')) return model;
  const groups = integerGroups(nodes, int8Initializers(graph, graphFields));
  if (groups.length === 0) return model;

  const replaced = new Map<number, IntegerGroup>(groups.map((g) => [g.last, g]));
  const removed = new Set(groups.flatMap((g) => g.removed));
  // a DynamicQuantizeLinear goes once nothing that stays reads it (groups may share one)
  for (const quantise of new Set(groups.map((g) => g.quantise))) {
    const read = nodes.some((n, i) => !removed.has(i) && !replaced.has(i) && n.inputs.some((name) => nodes[quantise]!.outputs.includes(name)));
    if (!read) removed.add(quantise);
  }
  const weightNodes: Uint8Array[] = [];
  const fp32Weight = new Map<string, string>();
  for (const { weight, scale } of groups) {
    if (fp32Weight.has(weight)) continue;
    const name = `${weight}_dequantised`;
    fp32Weight.set(weight, name);
    weightNodes.push(
      node('Cast', [weight], [`${weight}_as_fp32`], `${weight}_to_fp32`, varintAttribute('to', FLOAT)),
      node('Mul', [`${weight}_as_fp32`, scale], [name], `${weight}_scaled`),
    );
  }

  const out: Uint8Array[] = [];
  let nodeIndex = 0;
  for (const f of graphFields) {
    if (f.number !== GRAPH_NODE) {
      out.push(graph.subarray(f.start, f.end));
      continue;
    }
    if (nodeIndex === 0) out.push(...weightNodes.map((n) => bytesField(GRAPH_NODE, n))); // constants first: still sorted
    const group = replaced.get(nodeIndex);
    if (group) out.push(bytesField(GRAPH_NODE, node('MatMul', [group.x, fp32Weight.get(group.weight)!], [group.y], `${group.y}_matmul`)));
    else if (!removed.has(nodeIndex)) out.push(graph.subarray(f.start, f.end));
    nodeIndex++;
  }
  const newGraph = concat(out);
  return concat(top.map((f) => (f === graphField ? bytesField(MODEL_GRAPH, newGraph) : model.subarray(f.start, f.end))));
}

function integerGroups(nodes: readonly GraphNode[], int8: ReadonlySet<string>): IntegerGroup[] {
  const producer = new Map<string, number>();
  const readers = new Map<string, number>();
  nodes.forEach((n, i) => {
    for (const o of n.outputs) producer.set(o, i);
    for (const name of n.inputs) readers.set(name, (readers.get(name) ?? 0) + 1);
  });
  const made = (name: string | undefined, opType: string): number | undefined => {
    const i = name === undefined ? undefined : producer.get(name);
    return i !== undefined && nodes[i]!.opType === opType ? i : undefined;
  };
  const readOnce = (name: string) => readers.get(name) === 1;
  const groups: IntegerGroup[] = [];
  nodes.forEach((last, lastIndex) => {
    if (last.opType !== 'Mul' || last.inputs.length !== 2) return;
    const [a, b] = last.inputs;
    const [cast, scales] = made(a, 'Cast') !== undefined ? [made(a, 'Cast'), made(b, 'Mul')] : [made(b, 'Cast'), made(a, 'Mul')];
    if (cast === undefined || scales === undefined) return;
    const matmul = made(nodes[cast]!.inputs[0], 'MatMulInteger');
    if (matmul === undefined) return;
    const [xq, weight, xZero, ...rest] = nodes[matmul]!.inputs;
    const quantise = made(xq, 'DynamicQuantizeLinear');
    if (quantise === undefined || rest.length > 0 || weight === undefined || !int8.has(weight)) return;
    const [, xScale, zero] = nodes[quantise]!.outputs;
    if (xZero !== zero || xScale === undefined) return;
    const scaleInputs = nodes[scales]!.inputs;
    if (scaleInputs.length !== 2 || !scaleInputs.includes(xScale)) return;
    const scale = scaleInputs.find((name) => name !== xScale)!;
    // the group's own tensors must be read by the group alone, or removing its nodes would break a reader
    if (![nodes[cast]!.outputs[0]!, nodes[matmul]!.outputs[0]!, nodes[scales]!.outputs[0]!].every(readOnce)) return;
    groups.push({ quantise, removed: [matmul, cast, scales], last: lastIndex, x: nodes[quantise]!.inputs[0]!, weight, scale, y: last.outputs[0]! });
  });
  return groups;
}

function int8Initializers(graph: Uint8Array, graphFields: readonly Field[]): Set<string> {
  const names = new Set<string>();
  for (const f of graphFields) {
    if (f.number !== GRAPH_INITIALIZER) continue;
    const tensor = valueOf(graph, f);
    const parts = fields(tensor);
    const name = parts.find((p) => p.number === TENSOR.name);
    if (name && parts.find((p) => p.number === TENSOR.dataType)?.value === INT8) names.add(stringOf(tensor, name));
  }
  return names;
}

function readNode(graph: Uint8Array, field: Field): GraphNode {
  const message = valueOf(graph, field);
  const node: GraphNode = { field, opType: '', inputs: [], outputs: [] };
  for (const f of fields(message)) {
    if (f.number === NODE.input) node.inputs.push(stringOf(message, f));
    else if (f.number === NODE.output) node.outputs.push(stringOf(message, f));
    else if (f.number === NODE.opType) node.opType = stringOf(message, f);
  }
  return node;
}

function node(opType: string, inputs: readonly string[], outputs: readonly string[], name: string, ...attributes: Uint8Array[]): Uint8Array {
  return concat([
    ...inputs.map((i) => stringField(NODE.input, i)),
    ...outputs.map((o) => stringField(NODE.output, o)),
    stringField(NODE.name, name),
    stringField(NODE.opType, opType),
    ...attributes.map((a) => bytesField(NODE.attribute, a)),
  ]);
}

function varintAttribute(name: string, value: number): Uint8Array {
  return concat([stringField(ATTRIBUTE.name, name), varintField(ATTRIBUTE.i, value), varintField(ATTRIBUTE.type, ATTRIBUTE_INT)]);
}

import pkg from 'onnx-proto';
import { Attr, ConstantData, DType, Graph, Shape, Tensor } from './graph';
import { fuseForOrt, PlainNode } from './fuse';
import { onnxTypeCode } from './ops/elementwise';

const { onnx } = pkg;
export type ModelProto = InstanceType<typeof onnx.ModelProto>;

export const OPSET = 18;

/** Serialise the part of a graph that its outputs need into an ONNX model. */
export function toModelProto(g: Graph, outputs: readonly Tensor[] = g.outputs): ModelProto {
  const { nodes, live } = plan(g, outputs);
  return onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'saescope',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: g.name,
      node: nodes.map(nodeProto),
      input: g.inputs.map((i) => valueInfo(i.tensor)),
      initializer: initializers(g, live),
      output: outputs.map(valueInfo),
    },
  });
}

export function toOnnxBytes(g: Graph, outputs?: readonly Tensor[]): Uint8Array {
  return encodeModel(toModelProto(g, outputs));
}

export const encodeModel = (m: ModelProto): Uint8Array => onnx.ModelProto.encode(m).finish();

/** The live nodes of a graph, after the fusion passes, as plain records. */
export function plan(g: Graph, outputs: readonly Tensor[]): { nodes: PlainNode[]; live: Set<Tensor> } {
  const live = liveTensors(g, outputs);
  const shapes = new Map<string, Shape>();
  const plain: PlainNode[] = g.nodes
    .filter((n) => n.outputs.some((o) => live.has(o)))
    .map((n) => {
      for (const t of [...n.inputs, ...n.outputs]) shapes.set(t.name, t.shape);
      return { op: n.op, domain: n.domain, inputs: n.inputs.map((t) => t.name), outputs: n.outputs.map((t) => t.name), attrs: { ...n.attrs } };
    });
  const constants = new Map(g.constants.map((c) => [c.tensor.name, c.data]));
  return { nodes: fuseForOrt(plain, shapes, new Set(g.inputs.map((i) => i.tensor.name)), outputs, constants), live };
}

export function nodeProto(n: PlainNode) {
  return {
    opType: n.op,
    domain: n.domain,
    input: n.inputs,
    output: n.outputs,
    attribute: Object.entries(n.attrs).map(([name, a]) => attribute(name, a)),
  };
}

export function initializers(g: Graph, live: Set<Tensor>) {
  return g.constants.filter((c) => live.has(c.tensor)).map((c) => tensorProto(c.tensor.name, c.tensor.dtype, c.tensor.shape, c.data));
}

function liveTensors(g: Graph, outputs: readonly Tensor[]): Set<Tensor> {
  const live = new Set(outputs);
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i];
    if (n.outputs.some((o) => live.has(o))) n.inputs.forEach((t) => live.add(t));
  }
  return live;
}

export function valueInfo(t: { name: string; dtype: DType; shape: Shape }) {
  return {
    name: t.name,
    type: { tensorType: { elemType: onnxTypeCode[t.dtype], shape: { dim: t.shape.map((d) => ({ dimValue: d })) } } },
  };
}

function tensorProto(name: string, dtype: DType, shape: Shape, data: ConstantData) {
  return {
    name,
    dims: [...shape],
    dataType: onnxTypeCode[dtype],
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

const A = onnx.AttributeProto.AttributeType;

function attribute(name: string, a: Attr): object {
  switch (a.kind) {
    case 'int':
      return { name, type: A.INT, i: a.value };
    case 'float':
      return { name, type: A.FLOAT, f: a.value };
    case 'ints':
      return { name, type: A.INTS, ints: [...a.value] };
    case 'floats':
      return { name, type: A.FLOATS, floats: [...a.value] };
    case 'string':
      return { name, type: A.STRING, s: new TextEncoder().encode(a.value) };
    case 'tensor':
      return { name, type: A.TENSOR, t: tensorProto(name, a.dtype, a.shape, a.data) };
  }
}

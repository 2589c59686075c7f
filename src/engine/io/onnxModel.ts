import pkg from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import { atomicWrite } from './atomicWrite';
import { FormatError } from './errors';
import { readWholeFile } from './fileAccess';

const { onnx } = pkg;

export type OnnxModel = Onnx.ModelProto;

export interface OnnxValueSummary {
  name: string;
  /** TensorProto data type name (FLOAT, INT64, ...), or the kind of a non-tensor value (sequence, map, ...). */
  dtype: string;
  /** Dimensions as sizes or symbolic names ('?' when neither is given); null when the rank is unknown. */
  shape: (number | string)[] | null;
}

export interface OnnxSummary {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producer: string;
  inputs: OnnxValueSummary[];
  outputs: OnnxValueSummary[];
  /** Node counts of the main graph by op type; ops outside the default domain are prefixed with their domain. */
  opCounts: Record<string, number>;
  initializers: number;
}

type Int64 = number | { toNumber(): number };

export async function loadOnnxModel(path: string): Promise<OnnxModel> {
  return decodeOnnxModel(path, await readWholeFile(path));
}

export function decodeOnnxModel(file: string, bytes: Uint8Array): OnnxModel {
  let model: OnnxModel;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new FormatError('bad-onnx', file, `not an ONNX model (${(err as Error).message})`);
  }
  // Protobuf has no magic number, so arbitrary bytes can decode; a model without a graph is not one.
  if (!model.graph) throw new FormatError('bad-onnx', file, 'not an ONNX model (it has no graph)');
  return model;
}

export async function saveOnnxModel(path: string, model: Onnx.IModelProto): Promise<void> {
  const problem = onnx.ModelProto.verify(model);
  if (problem) throw new FormatError('bad-onnx', path, `invalid model: ${problem}`);
  await atomicWrite(path, [onnx.ModelProto.encode(model).finish()]);
}

export function summarizeOnnxModel(model: Onnx.IModelProto): OnnxSummary {
  const graph = model.graph ?? {};
  const initializerNames = new Set((graph.initializer ?? []).map((t) => t.name));
  const opCounts = new Map<string, number>();
  for (const node of graph.node ?? []) {
    const op = node.domain && node.domain !== 'ai.onnx' ? `${node.domain}.${node.opType}` : String(node.opType);
    opCounts.set(op, (opCounts.get(op) ?? 0) + 1);
  }
  return {
    irVersion: toNumber(model.irVersion),
    opsets: (model.opsetImport ?? []).map((o) => ({ domain: o.domain || 'ai.onnx', version: toNumber(o.version) })),
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    // Before IR version 4, initializers were also listed as graph inputs; they are weights, not inputs.
    inputs: (graph.input ?? []).filter((v) => !initializerNames.has(v.name)).map(summarizeValue),
    outputs: (graph.output ?? []).map(summarizeValue),
    opCounts: Object.fromEntries(opCounts),
    initializers: initializerNames.size,
  };
}

function summarizeValue(value: Onnx.IValueInfoProto): OnnxValueSummary {
  const name = value.name ?? '';
  const tensorType = value.type?.tensorType;
  if (!tensorType) {
    const kind = Object.keys(value.type ?? {}).find((k) => k.endsWith('Type'));
    return { name, dtype: kind ? kind.replace(/Type$/, '') : 'unknown', shape: null };
  }
  const dtype = onnx.TensorProto.DataType[tensorType.elemType ?? 0] ?? `type ${tensorType.elemType}`;
  const shape = tensorType.shape ? (tensorType.shape.dim ?? []).map(summarizeDim) : null;
  return { name, dtype, shape };
}

function summarizeDim(dim: Onnx.TensorShapeProto.IDimension): number | string {
  if (dim.dimParam) return dim.dimParam;
  // Decoded messages keep unset fields on the prototype, so only an own dimValue was actually given.
  if (Object.hasOwn(dim, 'dimValue') && dim.dimValue != null) return toNumber(dim.dimValue);
  return '?';
}

function toNumber(value: Int64 | null | undefined): number {
  if (value == null) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

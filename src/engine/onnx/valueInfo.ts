import pkg from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

const { onnx } = pkg;

/** What a model declares about one value: its element type name (FLOAT, INT64, …) and dimensions. */
export interface DeclaredType {
  dtype: string | null;
  /** Sizes, or symbolic names for dynamic axes ('?' when neither is given); null when the rank is unknown. */
  shape: (number | string)[] | null;
}

type Int64 = number | { toNumber(): number };

export function declaredType(value: Onnx.IValueInfoProto | undefined): DeclaredType {
  const tensorType = value?.type?.tensorType;
  if (!tensorType) return { dtype: null, shape: null };
  const dtype = onnx.TensorProto.DataType[tensorType.elemType ?? 0] ?? null;
  const shape = tensorType.shape ? (tensorType.shape.dim ?? []).map(dimension) : null;
  return { dtype: dtype === 'UNDEFINED' ? null : dtype, shape };
}

function dimension(dim: Onnx.TensorShapeProto.IDimension): number | string {
  if (dim.dimParam) return dim.dimParam;
  // Decoded messages keep unset fields on the prototype, so only an own dimValue was actually given.
  if (Object.hasOwn(dim, 'dimValue') && dim.dimValue != null) return toNumber(dim.dimValue);
  return '?';
}

const toNumber = (value: Int64): number => (typeof value === 'number' ? value : value.toNumber());

/** The model's inputs that are fed (before IR 4, initializers were listed as inputs too). */
export function fedInputs(graph: Onnx.IGraphProto): Onnx.IValueInfoProto[] {
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  return (graph.input ?? []).filter((v) => !initializers.has(v.name));
}

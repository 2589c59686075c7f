import type { DType, TypedArray } from './dtypes';

/** A dense C-order array. For F16/BF16, `data` is a Uint16Array of bit patterns, or a Float32Array once widened. */
export interface Tensor {
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

export interface TensorInfo {
  name: string;
  dtype: DType;
  shape: number[];
}

export interface ReadOptions {
  /** Return F16 and BF16 as Float32Array instead of raw bit patterns. */
  widen?: boolean;
}

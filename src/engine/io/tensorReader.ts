import type { ReadOptions, Tensor, TensorInfo } from './tensor';

/** Random access to the named tensors of an open file (or set of files); reads only the bytes asked for. */
export interface TensorReader {
  readonly file: string;
  readonly tensors: readonly TensorInfo[];
  /** The tensor's dtype and shape; a FormatError ('not-found') when there is no such tensor. */
  info(name: string): TensorInfo;
  read(name: string, options?: ReadOptions): Promise<Tensor>;
  /** Rows [start, end) along axis 0, as a tensor of shape [end - start, ...shape.slice(1)]. */
  readRows(name: string, start: number, end: number, options?: ReadOptions): Promise<Tensor>;
  close(): Promise<void>;
}

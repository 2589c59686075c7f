import { FormatError } from '../../io';
import type { WeightSet } from './weightSet';

export interface SaeDims {
  d_in: number;
  d_sae: number;
}

/**
 * How a format stores a matrix when d_in == d_sae, the one case its shape cannot decide:
 * 'saelens' is W_enc [d_in, d_sae] / W_dec [d_sae, d_in]; 'torch-linear' is the transpose (nn.Linear's [out, in]).
 */
export type SquareLayout = 'saelens' | 'torch-linear';

/** The encoder as W_enc [d_in, d_sae], transposing a stored [d_sae, d_in] (decided by shape against the dims). */
export function encoderMatrix(weights: WeightSet, name: string, dims: SaeDims, square: SquareLayout): Float32Array {
  return orientedMatrix(weights, name, [dims.d_in, dims.d_sae], ['d_in', 'd_sae'], square);
}

/** The decoder as W_dec [d_sae, d_in], transposing a stored [d_in, d_sae] (decided by shape against the dims). */
export function decoderMatrix(weights: WeightSet, name: string, dims: SaeDims, square: SquareLayout): Float32Array {
  return orientedMatrix(weights, name, [dims.d_sae, dims.d_in], ['d_sae', 'd_in'], square);
}

/** A 1-D tensor that must hold `length` values, `role` naming the dimension for the error message. */
export function vectorOf(weights: WeightSet, name: string, length: number, role: keyof SaeDims): Float32Array {
  const shape = weights.shape(name);
  if (shape.length !== 1 || shape[0] !== length) {
    throw new FormatError('shape-mismatch', weights.file, `tensor "${name}" has shape ${fmt(shape)} but ${role} = ${length} calls for [${length}]`);
  }
  return weights.floats(name);
}

/** The length of a 1-D tensor, for formats whose dimensions come only from their bias vectors. */
export function vectorLength(weights: WeightSet, name: string): number {
  const shape = weights.shape(name);
  if (shape.length !== 1) throw new FormatError('shape-mismatch', weights.file, `tensor "${name}" has shape ${fmt(shape)}; expected a vector`);
  return shape[0];
}

export function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  }
  return out;
}

function orientedMatrix(
  weights: WeightSet,
  name: string,
  [rows, cols]: [number, number],
  [rowRole, colRole]: [keyof SaeDims, keyof SaeDims],
  square: SquareLayout,
): Float32Array {
  const shape = weights.shape(name);
  const asWanted = shape.length === 2 && shape[0] === rows && shape[1] === cols;
  const flipped = shape.length === 2 && shape[0] === cols && shape[1] === rows;
  if (!asWanted && !flipped) {
    throw new FormatError(
      'shape-mismatch',
      weights.file,
      `tensor "${name}" has shape ${fmt(shape)} but ${rowRole} = ${rows} and ${colRole} = ${cols} ` +
        `call for ${fmt([rows, cols])} or ${fmt([cols, rows])}`,
    );
  }
  const stored = weights.floats(name);
  const transposed = rows === cols ? square === 'torch-linear' : flipped;
  return transposed ? transpose(stored, shape[0], shape[1]) : stored;
}

const fmt = (shape: number[]) => `[${shape.join(', ')}]`;

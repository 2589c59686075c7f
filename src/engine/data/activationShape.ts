import type { DType } from '../io';
import { DataError } from './errors';

export type FloatDType = 'F32' | 'F64' | 'F16' | 'BF16';

const FLOAT_DTYPES: readonly DType[] = ['F32', 'F64', 'F16', 'BF16'] satisfies FloatDType[];

/** Checks that a stored array can be activations: a non-empty 2-D [rows, d_in] array of floats. */
export function checkActivationArray(file: string, what: string, dtype: DType, shape: readonly number[]): asserts dtype is FloatDType {
  if (shape.length !== 2) {
    const hint = shape.length > 2 ? '; reshape it to [rows, d_in] first, e.g. x.reshape(-1, x.shape[-1])' : '';
    throw new DataError('bad-shape', file, `${what} must be 2-D [rows, d_in] but is ${shape.length}-D, shape [${shape.join(', ')}]${hint}`);
  }
  if (shape[0] === 0 || shape[1] === 0) {
    throw new DataError('bad-shape', file, `${what} has shape [${shape.join(', ')}]: there are no activations to train on`);
  }
  if (!FLOAT_DTYPES.includes(dtype)) {
    throw new DataError('bad-dtype', file, `${what} holds ${dtype}; activations must be floats (${FLOAT_DTYPES.join(', ')})`);
  }
}

/** Checks a source's d_in against the d_in the caller needs (e.g. the SAE's), when one is given. */
export function checkExpectedDIn(file: string, dIn: number, expectDIn: number | undefined): void {
  if (expectDIn !== undefined && dIn !== expectDIn) {
    throw new DataError('d-in-mismatch', file, `rows have d_in ${dIn} but ${expectDIn} is expected`);
  }
}

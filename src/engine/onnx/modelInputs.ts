import { readFile } from 'node:fs/promises';
import type * as ort from 'onnxruntime-node';
import { FormatError } from '../io/errors';
import { readNpy } from '../io/npy';
import { readNpz } from '../io/npz';
import type { OnnxModel } from '../io/onnxModel';
import { sniffFormat } from '../io/sniff';
import type { Tensor } from '../io/tensor';
import { tokenizeLines, type Vocabulary } from './tokenizer';
import { declaredType, fedInputs } from './valueInfo';

/** One model input, converted to the element type the model declares, with rows along axis 0. */
export interface InputArray {
  type: ort.Tensor.Type;
  dims: number[];
  data: Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;
}

/**
 * The model's inputs read from a file: a `.npy` array (for a model with one input), a `.npz` archive with one
 * array per input name, or, when a vocabulary is given, a text file tokenised by whitespace (one input, int64).
 */
export async function readModelInputs(file: string, model: OnnxModel, vocabulary?: Vocabulary): Promise<Map<string, InputArray>> {
  const inputs = fedInputs(model.graph ?? {});
  const byName = new Map<string, Tensor>();
  if (vocabulary) {
    const { ids, rows, seq } = tokenizeLines(await readFile(file, 'utf8'), vocabulary, file);
    byName.set(onlyInput(file, inputs.map((v) => v.name ?? ''), 'a tokenised text'), { dtype: 'I64', shape: [rows, seq], data: ids });
  } else {
    const format = await sniffFormat(file);
    if (format === 'npy') byName.set(onlyInput(file, inputs.map((v) => v.name ?? ''), 'a .npy array'), await readNpy(file, { widen: true }));
    else if (format === 'npz') for (const [name, t] of Object.entries(await readNpz(file, { widen: true }))) byName.set(name, t);
    else throw new FormatError('unsupported', file, `model inputs must be a .npy or .npz file (or text with a tokenizer), not ${format}`);
  }
  const result = new Map<string, InputArray>();
  for (const input of inputs) {
    const name = input.name ?? '';
    const tensor = byName.get(name);
    if (!tensor) throw new FormatError('not-found', file, `no array for the model input '${name}' (arrays: ${[...byName.keys()].join(', ')})`);
    result.set(name, convert(file, name, tensor, declaredType(input).dtype));
  }
  const rows = new Set([...result.values()].map((a) => a.dims[0]));
  if (rows.size > 1) throw new FormatError('shape-mismatch', file, `the inputs have different numbers of rows: ${[...rows].join(', ')}`);
  return result;
}

function onlyInput(file: string, names: string[], what: string): string {
  if (names.length !== 1) throw new FormatError('unsupported', file, `${what} can feed a model with one input; this one has ${names.length} (${names.join(', ')}): use an .npz with one array per input`);
  return names[0];
}

const FLOAT_TARGETS: Record<string, ort.Tensor.Type> = { FLOAT: 'float32', DOUBLE: 'float64' };
const INT_TARGETS: Record<string, ort.Tensor.Type> = { INT64: 'int64', INT32: 'int32', BOOL: 'bool' };

/** Converts within a kind (float to float, integer to integer); crossing kinds is refused, not guessed. */
function convert(file: string, name: string, t: Tensor, declared: string | null): InputArray {
  if (t.shape.length === 0) throw new FormatError('bad-shape', file, `input '${name}' is a scalar; inputs need a leading axis of rows`);
  const isFloat = t.dtype.startsWith('F') || t.dtype === 'BF16';
  const target = declared ? (isFloat ? FLOAT_TARGETS : INT_TARGETS)[declared] : defaultType(t);
  if (!target) throw new FormatError('dtype-mismatch', file, `input '${name}' is ${t.dtype} but the model wants ${declared}`);
  const values = t.data as ArrayLike<number | bigint>;
  const dims = [...t.shape];
  switch (target) {
    case 'float32':
      return { type: target, dims, data: Float32Array.from(values, Number) };
    case 'float64':
      return { type: target, dims, data: Float64Array.from(values, Number) };
    case 'int64':
      return { type: target, dims, data: BigInt64Array.from(values, (v) => BigInt(v)) };
    case 'int32':
      return { type: target, dims, data: Int32Array.from(values, Number) };
    default:
      return { type: 'bool', dims, data: Uint8Array.from(values, (v) => (v ? 1 : 0)) };
  }
}

function defaultType(t: Tensor): ort.Tensor.Type {
  if (t.dtype === 'F64') return 'float64';
  if (t.dtype.startsWith('F') || t.dtype === 'BF16') return 'float32';
  return t.dtype === 'BOOL' ? 'bool' : t.dtype === 'I32' ? 'int32' : 'int64';
}

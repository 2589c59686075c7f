import * as ort from 'onnxruntime-node';
import pkg from 'onnx-proto';
import { resolveProviders, type ExecutionProvider } from '../graph/providers';
import { f16ToF32 } from '../io/halfFloat';
import { writeNpy } from '../io/npy';
import { loadOnnxModel, type OnnxModel } from '../io/onnxModel';
import type { Tensor } from '../io/tensor';
import { withHookOutputs } from './expose';
import { readModelInputs, type InputArray } from './modelInputs';
import { loadVocabulary } from './tokenizer';
import { declaredType, fedInputs } from './valueInfo';

const { onnx } = pkg;

export interface CollectActivationsOptions {
  /** An .onnx file. */
  model: string;
  /** The intermediate tensor to record (a node output name; see listIntermediates). */
  hook: string;
  /** Model inputs: .npy, .npz, or a text file when `tokenizer` is given. */
  input: string;
  /** The .npy file to write, [rows, d]. */
  out: string;
  /** Input rows per run. Default: the model's fixed batch size if it has one, else 64. */
  batch?: number;
  /** A JSON vocabulary (list, or token → id) for text input. */
  tokenizer?: string;
  /**
   * Also writes the input's token ids here as an int32 .npy of the input's shape, one id per activation row — what the
   * inspector's Attach data needs to show examples in context. Needs a model with one integer input whose every
   * element has one activation row (a [batch, positions] input hooked at [batch, positions, d]).
   */
  tokensOut?: string;
  executionProvider?: ExecutionProvider;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface CollectActivationsResult {
  hook: string;
  out: string;
  /** Shape of the written array: rows = the product of the activation's leading axes, d its last axis. */
  rows: number;
  d: number;
  dtype: 'F32' | 'F64';
  /** The activation's shape for the first run (its leading axis is that run's batch). */
  activationShape: number[];
  runs: number;
  /** Where the token ids went, when asked. */
  tokensOut?: string;
}

/**
 * Runs a model on inputs from a file and writes one intermediate tensor, its leading axes flattened, to a
 * .npy: `saescope activations`. Models with a fixed batch axis get their last partial batch padded with copies
 * of its last row; the padding's activations are dropped.
 */
export async function collectActivations(o: CollectActivationsOptions): Promise<CollectActivationsResult> {
  const model = await loadOnnxModel(o.model);
  const hooked = withHookOutputs(model, [o.hook]);
  const inputs = await readModelInputs(o.input, model, o.tokenizer ? await loadVocabulary(o.tokenizer) : undefined);
  const total = [...inputs.values()][0].dims[0];
  const { batch, fixed } = batchSize(model, o.batch);
  const { providers, warning } = await resolveProviders(o.executionProvider ?? 'cpu');
  if (warning) o.log?.(warning);
  const session = await ort.InferenceSession.create(onnx.ModelProto.encode(hooked).finish(), { executionProviders: providers });
  const parts: (Float32Array | Float64Array)[] = [];
  let activationShape: number[] = [];
  let runs = 0;
  try {
    for (let start = 0; start < total; start += batch) {
      o.signal?.throwIfAborted();
      const rows = Math.min(batch, total - start);
      const fed = fixed ? batch : rows;
      const feeds = Object.fromEntries([...inputs].map(([name, a]) => [name, rowsOf(a, start, rows, fed)]));
      const result = (await session.run(feeds, [o.hook]))[o.hook];
      if (runs++ === 0) activationShape = [...result.dims];
      parts.push(keepRows(floatData(o.hook, result), result.dims, rows, fed, o.hook));
      o.log?.(`${o.hook}: ${start + rows} of ${total} input rows`);
    }
  } finally {
    await session.release();
  }
  const d = activationShape.length === 0 ? 1 : activationShape[activationShape.length - 1];
  const data = concatenate(parts);
  const dtype = data instanceof Float64Array ? 'F64' : 'F32';
  const tokens = o.tokensOut ? tokenIds(inputs, data.length / d, o.hook) : undefined;
  await writeNpy(o.out, { dtype, shape: [data.length / d, d], data });
  if (o.tokensOut && tokens) await writeNpy(o.tokensOut, tokens);
  return { hook: o.hook, out: o.out, rows: data.length / d, d, dtype, activationShape, runs, ...(o.tokensOut ? { tokensOut: o.tokensOut } : {}) };
}

/** The single integer input as int32 ids, refused unless it has exactly one element per activation row. */
function tokenIds(inputs: Map<string, InputArray>, rows: number, hook: string): Tensor {
  const [name, input] = inputs.size === 1 ? [...inputs][0] : ['', undefined];
  if (!input || !(input.data instanceof BigInt64Array || input.data instanceof Int32Array)) {
    throw new RangeError('--tokens-out needs a model with one integer (token id) input');
  }
  if (input.data.length !== rows) {
    throw new RangeError(`--tokens-out: '${hook}' gives ${rows} rows but the input '${name}' [${input.dims.join(', ')}] has ${input.data.length} tokens; the hook must have one row per token`);
  }
  return { dtype: 'I32', shape: input.dims, data: Int32Array.from(input.data, Number) };
}

/** The batch to run: the model's fixed leading axis if its first input declares one (a different request is an error). */
function batchSize(model: OnnxModel, requested: number | undefined): { batch: number; fixed: boolean } {
  const first = fedInputs(model.graph ?? {})[0];
  const lead = declaredType(first).shape?.[0];
  if (typeof lead === 'number' && lead > 0) {
    if (requested !== undefined && requested !== lead) {
      throw new RangeError(`the model's input '${first.name}' has a fixed batch of ${lead}; a batch of ${requested} cannot run`);
    }
    return { batch: lead, fixed: true };
  }
  if (requested !== undefined && !(Number.isInteger(requested) && requested > 0)) throw new RangeError(`batch must be a positive integer, got ${requested}`);
  return { batch: requested ?? 64, fixed: false };
}

/** Rows [start, start + rows) of an input, padded to `fed` rows by repeating the last one. */
function rowsOf(a: InputArray, start: number, rows: number, fed: number): ort.Tensor {
  const width = a.dims.slice(1).reduce((x, y) => x * y, 1);
  const slice = a.data.subarray(start * width, (start + rows) * width);
  let data = slice;
  if (fed > rows) {
    data = new (slice.constructor as new (n: number) => typeof slice)(fed * width);
    data.set(slice as never);
    for (let r = rows; r < fed; r++) data.set(slice.subarray((rows - 1) * width, rows * width) as never, r * width);
  }
  return new ort.Tensor(a.type, data, [fed, ...a.dims.slice(1)]);
}

function floatData(hook: string, t: ort.Tensor): Float32Array | Float64Array {
  if (t.type === 'float32' || t.type === 'float64') return t.data as Float32Array | Float64Array;
  if (t.type === 'float16') return f16ToF32(t.data as Uint16Array);
  throw new RangeError(`'${hook}' is a ${t.type} tensor; only floating-point activations can be collected`);
}

/** Drops the activations of padding rows, which needs the activation's leading axis to be the batch. */
function keepRows(data: Float32Array | Float64Array, dims: readonly number[], rows: number, fed: number, hook: string): Float32Array | Float64Array {
  if (rows === fed) return data;
  if (dims[0] !== fed) throw new RangeError(`'${hook}' has shape [${dims.join(', ')}], whose leading axis is not the batch of ${fed}, so padding cannot be dropped`);
  return data.subarray(0, (data.length / fed) * rows);
}

function concatenate(parts: (Float32Array | Float64Array)[]): Float32Array | Float64Array {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const out = parts.some((p) => p instanceof Float64Array) ? new Float64Array(length) : new Float32Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

import { FormatError, readNpz, readSafetensors, type DType, type Tensor } from '../../io';

/** torch's names for the float dtypes, as SAELens writes them in cfg.dtype. */
const TORCH_DTYPE_NAMES: Partial<Record<DType, string>> = { F64: 'float64', F32: 'float32', F16: 'float16', BF16: 'bfloat16' };

/**
 * Every tensor of one weights file, read once. Accessors check what they hand out: float data comes back as
 * float32 (F16/BF16 widened, F64 narrowed) and is refused if it holds NaN or ±Infinity.
 */
export class WeightSet {
  private constructor(
    readonly file: string,
    private readonly tensors: ReadonlyMap<string, Tensor>,
  ) {}

  static async fromSafetensors(file: string): Promise<WeightSet> {
    const { tensors } = await readSafetensors(file, { widen: true });
    return new WeightSet(file, new Map(Object.entries(tensors)));
  }

  static async fromNpz(file: string): Promise<WeightSet> {
    return new WeightSet(file, new Map(Object.entries(await readNpz(file, { widen: true }))));
  }

  get names(): string[] {
    return [...this.tensors.keys()];
  }

  has(name: string): boolean {
    return this.tensors.has(name);
  }

  shape(name: string): number[] {
    return this.tensor(name).shape;
  }

  /** The dtype as torch names it ("bfloat16", …), for cfg.dtype. */
  torchDtype(name: string): string {
    const dtype = this.tensor(name).dtype;
    return TORCH_DTYPE_NAMES[dtype] ?? dtype.toLowerCase();
  }

  floats(name: string): Float32Array {
    const { dtype, shape, data } = this.tensor(name);
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new FormatError('dtype-mismatch', this.file, `tensor "${name}" is ${dtype}; SAE weights must be floating point`);
    }
    const floats = data instanceof Float32Array ? data : Float32Array.from(data);
    const bad = floats.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      const at = `[${unravel(bad, shape).join(', ')}]`;
      // Reported with 'unsupported': io's FormatErrorCode has no code for non-finite values.
      const problem = `tensor "${name}" holds ${floats[bad]} at index ${at} (flat index ${bad}); weights must be finite`;
      throw new FormatError('unsupported', this.file, problem);
    }
    return floats;
  }

  /** The one number in a tensor of shape [] or [1], of any numeric dtype. */
  scalar(name: string): number {
    const { shape, data } = this.tensor(name);
    if (data.length !== 1) {
      throw new FormatError('shape-mismatch', this.file, `tensor "${name}" has shape [${shape.join(', ')}]; expected a scalar`);
    }
    const value = Number(data[0]);
    if (!Number.isFinite(value)) throw new FormatError('unsupported', this.file, `tensor "${name}" holds ${value}; it must be finite`);
    return value;
  }

  /** The values of a 1-D integer tensor (e.g. group sizes). */
  integers(name: string): number[] {
    const { dtype, shape, data } = this.tensor(name);
    if (shape.length !== 1 || !/^[IU]\d+$/.test(dtype)) {
      throw new FormatError('shape-mismatch', this.file, `tensor "${name}" is ${dtype} [${shape.join(', ')}]; expected a 1-D integer tensor`);
    }
    return Array.from(data as ArrayLike<number | bigint>, Number);
  }

  private tensor(name: string): Tensor {
    const tensor = this.tensors.get(name);
    if (!tensor) throw new FormatError('not-found', this.file, `no tensor named "${name}" (found: ${this.names.join(', ') || 'none'})`);
    return tensor;
  }
}

function unravel(flat: number, shape: number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = flat % shape[axis];
    flat = Math.floor(flat / shape[axis]);
  }
  return index;
}

import { ShapeError } from './errors';

export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'bool';
export type Shape = readonly number[];

/** An ONNX attribute value, tagged so that 1 (int) and 1.0 (float) stay distinct. */
export type Attr =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; dtype: DType; shape: Shape; data: ConstantData };

export const int = (value: number): Attr => ({ kind: 'int', value });
export const float = (value: number): Attr => ({ kind: 'float', value });
export const ints = (value: readonly number[]): Attr => ({ kind: 'ints', value });
export const floats = (value: readonly number[]): Attr => ({ kind: 'floats', value });
export const str = (value: string): Attr => ({ kind: 'string', value });

/**
 * Gradient rule of one node: given the upstream gradient of each output (null where none flows),
 * return the gradient of each differentiable input (null where none).
 */
export type GradRule = (node: Node, gradOutputs: (Tensor | null)[]) => (Tensor | null)[];

export interface Node {
  readonly op: string;
  readonly domain: string;
  readonly inputs: readonly Tensor[];
  readonly outputs: readonly Tensor[];
  readonly attrs: Readonly<Record<string, Attr>>;
  /** Tensors gradients flow to; the rule returns one gradient per entry. Defaults to `inputs`. */
  readonly gradInputs: readonly Tensor[];
  readonly grad?: GradRule;
}

/** A symbolic tensor: a named value in a graph with a static dtype and shape. */
export class Tensor {
  constructor(
    readonly graph: Graph,
    readonly name: string,
    readonly dtype: DType,
    readonly shape: Shape,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  toString(): string {
    return `${this.name}:${this.dtype}[${this.shape.join(',')}]`;
  }
}

export type ConstantData = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;

export interface Constant {
  readonly tensor: Tensor;
  readonly data: ConstantData;
}

/** 'noise' inputs are refilled with standard normals by the runner's seeded generator before every step. */
export type InputRole = 'input' | 'param' | 'noise';

/** Output `next` replaces input `state` after every step (parameters, optimiser moments, counters). */
export interface Carry {
  readonly state: Tensor;
  readonly next: Tensor;
}

export interface EmitSpec {
  op: string;
  inputs: readonly Tensor[];
  outputs: readonly { dtype: DType; shape: Shape }[];
  attrs?: Record<string, Attr>;
  domain?: string;
  grad?: GradRule;
  gradInputs?: readonly Tensor[];
}

/**
 * A graph under construction. Ops are free functions (see ops/) that append nodes through `emit`;
 * nodes are kept in creation order, which is a topological order.
 */
export class Graph {
  readonly nodes: Node[] = [];
  readonly inputs: { tensor: Tensor; role: InputRole }[] = [];
  readonly constants: Constant[] = [];
  readonly outputs: Tensor[] = [];
  readonly carries: Carry[] = [];
  readonly producer = new Map<Tensor, Node>();
  private readonly names = new Set<string>();
  private counter = 0;

  constructor(readonly name = 'graph') {}

  input(name: string, dtype: DType, shape: Shape): Tensor {
    return this.declare(name, dtype, shape, 'input');
  }

  /** A trainable parameter: an input whose value the optimiser carries from step to step. */
  param(name: string, shape: Shape, dtype: DType = 'float32'): Tensor {
    return this.declare(name, dtype, shape, 'param');
  }

  /** Standard-normal noise of a static shape, drawn afresh each step from the runner's seed. */
  noise(name: string, shape: Shape, dtype: DType = 'float32'): Tensor {
    return this.declare(name, dtype, shape, 'noise');
  }

  get params(): Tensor[] {
    return this.inputs.filter((i) => i.role === 'param').map((i) => i.tensor);
  }

  constant(data: ConstantData | number, shape: Shape = [], dtype?: DType): Tensor {
    const typed = typeof data === 'number' ? constantArray(dtype ?? 'float32', [data]) : data;
    const dt = dtype ?? dtypeOfArray(typed);
    const size = shape.reduce((a, b) => a * b, 1);
    if (typed.length !== size) {
      throw new ShapeError('Constant', `data has ${typed.length} elements but shape [${shape.join(',')}] needs ${size}`);
    }
    const tensor = new Tensor(this, this.fresh('const'), dt, [...shape]);
    this.constants.push({ tensor, data: typed });
    return tensor;
  }

  /** A scalar constant of the same dtype as `like`. */
  scalar(value: number, like: DType = 'float32'): Tensor {
    return this.constant(constantArray(like, [value]), [], like);
  }

  emit(spec: EmitSpec): Tensor[] {
    for (const t of spec.inputs) {
      if (t.graph !== this) throw new ShapeError(spec.op, `input ${t.name} belongs to another graph`);
    }
    const outputs = spec.outputs.map((o) => new Tensor(this, this.fresh(spec.op.toLowerCase()), o.dtype, [...o.shape]));
    this.push({
      op: spec.op,
      domain: spec.domain ?? '',
      inputs: spec.inputs,
      outputs,
      attrs: spec.attrs ?? {},
      gradInputs: spec.gradInputs ?? spec.inputs,
      grad: spec.grad,
    });
    return outputs;
  }

  /** Expose `t` as a graph output under `name` (an Identity node renames it). */
  output(name: string, t: Tensor): Tensor {
    this.claim(name);
    const out = new Tensor(this, name, t.dtype, t.shape);
    this.push({ op: 'Identity', domain: '', inputs: [t], outputs: [out], attrs: {}, gradInputs: [t] });
    this.outputs.push(out);
    return out;
  }

  /** Declare that output `next` becomes input `state` for the following step. */
  carry(state: Tensor, next: Tensor, name = `${state.name}.next`): void {
    if (!this.inputs.some((i) => i.tensor === state)) {
      throw new ShapeError('carry', `${state.name} is not a graph input`);
    }
    if (state.dtype !== next.dtype || !sameShape(state.shape, next.shape)) {
      throw new ShapeError('carry', `${state} cannot carry ${next}`);
    }
    this.carries.push({ state, next: this.output(name, next) });
  }

  private push(node: Node): void {
    this.nodes.push(node);
    for (const o of node.outputs) this.producer.set(o, node);
  }

  fresh(prefix: string): string {
    let name: string;
    do name = `${prefix}_${this.counter++}`;
    while (this.names.has(name));
    this.names.add(name);
    return name;
  }

  private declare(name: string, dtype: DType, shape: Shape, role: InputRole): Tensor {
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) throw new ShapeError('input', `${name} has invalid dimension ${d}`);
    }
    this.claim(name);
    const tensor = new Tensor(this, name, dtype, [...shape]);
    this.inputs.push({ tensor, role });
    return tensor;
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new ShapeError('graph', `the name ${name} is already used`);
    this.names.add(name);
  }
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function constantArray(dtype: DType, values: readonly number[]): ConstantData {
  switch (dtype) {
    case 'float32':
      return Float32Array.from(values);
    case 'float64':
      return Float64Array.from(values);
    case 'int64':
      return BigInt64Array.from(values.map((v) => BigInt(Math.trunc(v))));
    case 'int32':
      return Int32Array.from(values);
    case 'bool':
      return Uint8Array.from(values.map((v) => (v ? 1 : 0)));
  }
}

export function dtypeOfArray(data: ConstantData): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Int32Array) return 'int32';
  return 'bool';
}

export const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';

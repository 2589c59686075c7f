import * as ort from 'onnxruntime-node';
import { ShapeError } from './errors';
import { DType, Graph, Tensor } from './graph';
import { encodeModel, toModelProto, toOnnxBytes } from './onnx';
import { toLoopModelProto } from './loop';
import { ExecutionProvider, resolveProviders } from './providers';
import { Rng } from '../util/random';

export type TypedArray = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;
export type FeedValue = TypedArray | number;

export interface SessionOptions {
  executionProvider?: ExecutionProvider;
  /** Intra-op threads; ORT's default (one per physical core) when omitted. */
  threads?: number;
  /** Seed of the generator that fills 'noise' inputs (steps are deterministic under it). */
  seed?: number;
}

export interface StepRunnerOptions extends SessionOptions {
  /** Training steps per ORT run (an ONNX Loop); stacked inputs and metrics gain a leading axis of this length. */
  stepsPerRun?: number;
  /** Inputs fed per step when stepsPerRun > 1 (batches, learning rates); the rest are shared by all steps. */
  stacked?: readonly string[];
}

interface Spec {
  name: string;
  dtype: DType;
  shape: readonly number[];
}

const sizeOf = (s: Spec) => s.shape.reduce((a, b) => a * b, 1);

function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int64':
      return new BigInt64Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'bool':
      return new Uint8Array(size);
  }
}

const ortType = (d: DType) => d as ort.Tensor.Type;

/** A tensor whose buffer the runner owns and reuses from call to call. */
class Slot {
  readonly data: TypedArray;
  readonly tensor: ort.Tensor;
  constructor(readonly spec: Spec) {
    this.data = allocate(spec.dtype, sizeOf(spec));
    this.tensor = new ort.Tensor(ortType(spec.dtype), this.data as Float32Array, [...spec.shape]);
  }
}

async function createSession(model: Uint8Array, opts: SessionOptions) {
  const { providers, warning } = await resolveProviders(opts.executionProvider ?? 'cpu');
  const session = await ort.InferenceSession.create(model, {
    executionProviders: providers,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    interOpNumThreads: 1,
    // With memory patterns ORT takes one fresh block per run for the planned intermediates and gives it back
    // afterwards, so every run pays page faults on it (measured: up to half the time of a sparse TopK step's
    // elementwise ops). Without them intermediates come from ORT's arena, which keeps its memory across runs.
    enableMemPattern: false,
    ...(opts.threads ? { intraOpNumThreads: opts.threads } : {}),
  });
  return { session, warning };
}

/** Feeds for the non-carried inputs: numbers are written into reused scalars, arrays are wrapped once. */
class Feeds {
  private readonly slots = new Map<string, Slot>();
  private readonly wrapped = new WeakMap<TypedArray, ort.Tensor>();
  constructor(private readonly specs: Map<string, Spec>, private readonly graphName: string) {}

  bind(into: Record<string, ort.Tensor>, values: Record<string, FeedValue>): void {
    for (const [name, value] of Object.entries(values)) {
      const spec = this.specs.get(name);
      if (!spec) throw new ShapeError(this.graphName, `no input named ${name}`);
      into[name] = typeof value === 'number' ? this.scalar(spec, value) : this.wrap(spec, value);
    }
  }

  private scalar(spec: Spec, value: number): ort.Tensor {
    let slot = this.slots.get(spec.name);
    if (!slot) this.slots.set(spec.name, (slot = new Slot(spec)));
    if (slot.data instanceof BigInt64Array) slot.data.fill(BigInt(value));
    else slot.data.fill(value);
    return slot.tensor;
  }

  private wrap(spec: Spec, value: TypedArray): ort.Tensor {
    if (value.length !== sizeOf(spec)) {
      const shown = `${spec.name}:${spec.dtype}[${spec.shape.join(',')}]`;
      throw new ShapeError(this.graphName, `input ${shown} got ${value.length} values, needs ${sizeOf(spec)}`);
    }
    let t = this.wrapped.get(value);
    if (!t) {
      t = new ort.Tensor(ortType(spec.dtype), value as Float32Array, [...spec.shape]);
      this.wrapped.set(value, t);
    }
    return t;
  }
}

/** How a session of the runner steps: `stepsPerRun` steps per ORT run, with these inputs fed per step. */
export interface RunShape {
  stepsPerRun?: number;
  stacked?: readonly string[];
}

/** One compiled session over the runner's state, with the buffers for its feeds and its metric outputs. */
interface Variant {
  session: ort.InferenceSession;
  stepsPerRun: number;
  feeds: Feeds;
  metricSlots: Slot[];
  noiseSlots: Slot[];
}

/**
 * Runs a training graph step after step. Every carried input (parameters, optimiser state) has two
 * buffers: ORT reads one and writes the next values into the other, then they swap, so a step allocates
 * no tensor memory. Outputs that are not carried (metrics) are written into reused buffers too.
 *
 * onnxruntime-node copies every output into a fresh buffer after each run, fetched into buffers of ours or not
 * (measured: ≈ 30 ms per 50 MB output on 2 cores, most of it page faults), so a graph with large state pays
 * that per run: running several steps per run (an ONNX Loop) spreads it over them.
 */
export class StepRunner {
  private current: Map<string, Slot>;
  private spare: Map<string, Slot>;
  private readonly variants = new Map<string, Variant>();
  private rng: Rng;
  private readonly stateToNext: Map<string, string>;
  steps = 0;

  private constructor(
    readonly graph: Graph,
    readonly warning: string | undefined,
    seed: number,
    private readonly shape: Required<RunShape>,
    private readonly options: SessionOptions,
  ) {
    this.rng = new Rng(seed);
    const carried = graph.carries;
    this.current = new Map(carried.map((c) => [c.state.name, new Slot(c.state)]));
    this.spare = new Map(carried.map((c) => [c.state.name, new Slot(c.state)]));
    this.stateToNext = new Map(carried.map((c) => [c.state.name, c.next.name]));
  }

  static async create(g: Graph, opts: StepRunnerOptions = {}): Promise<StepRunner> {
    const shape = { stepsPerRun: opts.stepsPerRun ?? 1, stacked: opts.stacked ?? [] };
    checkStacked(g, shape.stacked);
    const { session, warning } = await createSession(modelFor(g, shape), opts);
    const runner = new StepRunner(g, warning, opts.seed ?? 0, shape, opts);
    runner.variants.set('main', runner.variantOf(g, session, shape));
    return runner;
  }

  /** Steps per run of the main session. */
  get stepsPerRun(): number {
    return this.shape.stepsPerRun;
  }

  /**
   * Another session over the same state: a graph with the same inputs and carried values that computes the step
   * differently (e.g. without a loss term known to be zero), or the same graph run more steps at a time.
   * `step(values, name)` runs it; its metric outputs come back under their own names. `shape` defaults to the
   * main session's.
   */
  async addVariant(name: string, g: Graph, shape: RunShape = {}): Promise<void> {
    const same = g.carries.length === this.graph.carries.length &&
      g.carries.every((c) => this.current.get(c.state.name)?.spec.shape.join() === c.state.shape.join() && this.stateToNext.get(c.state.name) === c.next.name);
    if (!same) throw new ShapeError(g.name, `a variant must carry the same state as ${this.graph.name}`);
    const full = { stepsPerRun: shape.stepsPerRun ?? this.shape.stepsPerRun, stacked: shape.stacked ?? this.shape.stacked };
    checkStacked(g, full.stacked);
    const { session } = await createSession(modelFor(g, full), this.options);
    this.variants.set(name, this.variantOf(g, session, full));
  }

  private variantOf(g: Graph, session: ort.InferenceSession, shape: Required<RunShape>): Variant {
    const stacked = new Set(shape.stacked);
    const perStep = (t: Tensor): Spec => (shape.stepsPerRun > 1 ? { ...t, name: t.name, shape: [shape.stepsPerRun, ...t.shape] } : t);
    const nextNames = new Set(g.carries.map((c) => c.next.name));
    const stateNames = new Set(g.carries.map((c) => c.state.name));
    const fed = g.inputs.filter((i) => i.role !== 'noise' && !stateNames.has(i.tensor.name));
    return {
      session,
      stepsPerRun: shape.stepsPerRun,
      feeds: new Feeds(new Map(fed.map((i) => [i.tensor.name, stacked.has(i.tensor.name) ? perStep(i.tensor) : i.tensor])), g.name),
      metricSlots: g.outputs.filter((o) => !nextNames.has(o.name)).map((o) => new Slot(perStep(o))),
      noiseSlots: g.inputs.filter((i) => i.role === 'noise').map((i) => new Slot(perStep(i.tensor))),
    };
  }

  /** The current value of a carried input (live view: it changes after each step). */
  state(name: string): TypedArray {
    const slot = this.current.get(name);
    if (!slot) throw new ShapeError(this.graph.name, `no carried state named ${name}`);
    return slot.data;
  }

  setState(name: string, values: ArrayLike<number> | ArrayLike<bigint>): void {
    const slot = this.current.get(name);
    if (!slot) throw new ShapeError(this.graph.name, `no carried state named ${name}`);
    if (values.length !== slot.data.length) {
      throw new ShapeError(this.graph.name, `state ${slot.spec} got ${values.length} values, needs ${slot.data.length}`);
    }
    (slot.data as Float32Array).set(values as ArrayLike<number>);
  }

  /** Restart the noise generator from `seed`, as if the runner had been created with it. */
  reseed(seed: number): void {
    this.rng = new Rng(seed);
  }

  get stateNames(): string[] {
    return [...this.current.keys()];
  }

  /**
   * One run of a variant: one step, or its `stepsPerRun` steps with stacked feeds. Returns the metric outputs by
   * name (buffers reused by the next run: copy to keep).
   */
  async step(values: Record<string, FeedValue> = {}, variant = 'main'): Promise<Record<string, TypedArray>> {
    const chosen = this.variants.get(variant);
    if (!chosen) throw new ShapeError(this.graph.name, `no variant named ${variant}`);
    const feeds: Record<string, ort.Tensor> = {};
    const fetches: Record<string, ort.Tensor> = {};
    chosen.feeds.bind(feeds, values);
    for (const [name, slot] of this.current) feeds[name] = slot.tensor;
    for (const [name, slot] of this.spare) fetches[this.stateToNext.get(name)!] = slot.tensor;
    for (const slot of chosen.metricSlots) fetches[slot.spec.name] = slot.tensor;
    for (const slot of chosen.noiseSlots) {
      this.rng.fillNormal(slot.data as Float32Array);
      feeds[slot.spec.name] = slot.tensor;
    }
    await chosen.session.run(feeds, fetches);
    [this.current, this.spare] = [this.spare, this.current];
    this.steps += chosen.stepsPerRun;
    return Object.fromEntries(chosen.metricSlots.map((s) => [s.spec.name, s.data]));
  }

  /** An inference session over another graph whose inputs named like this runner's state read its buffers. */
  async evaluator(g: Graph, opts: SessionOptions = {}): Promise<Evaluator> {
    const { session } = await createSession(toOnnxBytes(g), opts);
    return new Evaluator(g, session, (name) => this.current.get(name)?.tensor);
  }

  async release(): Promise<void> {
    for (const v of this.variants.values()) await v.session.release();
  }
}

function checkStacked(g: Graph, stacked: readonly string[]): void {
  for (const name of stacked) {
    if (!g.inputs.some((i) => i.tensor.name === name)) throw new ShapeError(g.name, `stacked input ${name} is not an input`);
  }
}

function modelFor(g: Graph, { stepsPerRun, stacked }: Required<RunShape>): Uint8Array {
  return encodeModel(stepsPerRun > 1 ? toLoopModelProto(g, stepsPerRun, new Set(stacked)) : toModelProto(g));
}

/** Runs an inference graph; inputs that match a runner's state are read from its current buffers. */
export class Evaluator {
  private readonly feeds: Feeds;
  private readonly outputSlots: Slot[];

  constructor(
    readonly graph: Graph,
    private readonly session: ort.InferenceSession,
    private readonly shared: (name: string) => ort.Tensor | undefined = () => undefined,
  ) {
    this.feeds = new Feeds(new Map(graph.inputs.map((i) => [i.tensor.name, i.tensor])), graph.name);
    this.outputSlots = graph.outputs.map((o) => new Slot(o));
  }

  static async create(g: Graph, opts: SessionOptions = {}): Promise<Evaluator> {
    const { session } = await createSession(toOnnxBytes(g), opts);
    return new Evaluator(g, session);
  }

  /** Run once; the returned buffers are reused by the next call. */
  async run(values: Record<string, FeedValue> = {}): Promise<Record<string, TypedArray>> {
    const feeds: Record<string, ort.Tensor> = {};
    for (const { tensor } of this.graph.inputs) {
      const t = this.shared(tensor.name);
      if (t) feeds[tensor.name] = t;
    }
    this.feeds.bind(feeds, values);
    const fetches = Object.fromEntries(this.outputSlots.map((s) => [s.spec.name, s.tensor]));
    await this.session.run(feeds, fetches);
    return Object.fromEntries(this.outputSlots.map((s) => [s.spec.name, s.data]));
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

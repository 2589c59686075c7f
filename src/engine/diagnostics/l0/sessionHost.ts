import { Worker, type MessagePort } from 'node:worker_threads';
import { Graph } from '../../graph/graph';
import { toLoopModelProto } from '../../graph/loop';
import { encodeModel, toModelProto } from '../../graph/onnx';

type Ort = typeof import('onnxruntime-node');

interface TensorSpec {
  name: string;
  shape: number[];
}

/** Messages to the worker; every one is answered with { id, result } or { id, error }. */
type Message =
  | { kind: 'open'; variant: string; model: Uint8Array; carried: { state: TensorSpec; next: string }[]; metrics: TensorSpec[] }
  | { kind: 'set'; name: string; values: Float32Array }
  | { kind: 'get'; names: string[] }
  | { kind: 'step'; variant: string; feeds: Record<string, { data: Float32Array; shape: number[] }>; maxOf: string[] }
  | { kind: 'close' };
type Request = Message & { id: number };

/**
 * A training graph's ORT sessions in a worker thread, driven like a StepRunner: carried state double-buffered in
 * the worker (ORT writes the next values into the spare buffers, then they swap), and several variants over the
 * same state, each with its own number of steps per run. `onnxruntime-node` runs a session on the thread that
 * calls it, so sessions in workers are how independent graphs use several cores at once, and how the main thread
 * stays free to produce the next batches meanwhile. Feeds backed by a SharedArrayBuffer cross to the worker uncopied.
 */
export class SessionHost {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker, private readonly stacked: ReadonlySet<string>) {
    worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const waiting = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) waiting?.reject(new Error(m.error));
      else waiting?.resolve(m.result);
    });
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => this.fail(new Error(`the session worker exited with code ${code}`)));
  }

  /**
   * A worker with no session yet. Inputs named in `stacked` are fed per step by variants that run several steps.
   * The worker's source is this module's hostMain as text; `__name` stands in for the helper that tsx's keepNames
   * option inserts into transpiled functions.
   */
  static start(stacked: readonly string[]): SessionHost {
    const code = `const __name = (target) => target;\nconst { parentPort, workerData } = require('node:worker_threads');\n(${hostMain.toString()})(require(workerData.ortPath), parentPort);`;
    return new SessionHost(new Worker(code, { eval: true, workerData: { ortPath: require.resolve('onnxruntime-node') } }), new Set(stacked));
  }

  /**
   * A session of `graph` running `stepsPerRun` steps per run (an ONNX Loop when more than one) on one thread. Every variant carries the same state; the first one opened allocates it.
   */
  async addVariant(variant: string, graph: Graph, stepsPerRun: number): Promise<void> {
    const k = stepsPerRun;
    const model = encodeModel(k > 1 ? toLoopModelProto(graph, k, this.stacked) : toModelProto(graph));
    const nextNames = new Set(graph.carries.map((c) => c.next.name));
    const spec = (name: string, shape: readonly number[]) => ({ name, shape: [...shape] });
    await this.call({
      kind: 'open',
      variant,
      model,
      carried: graph.carries.map((c) => ({ state: spec(c.state.name, c.state.shape), next: c.next.name })),
      metrics: graph.outputs.filter((o) => !nextNames.has(o.name)).map((o) => spec(o.name, k > 1 ? [k, ...o.shape] : o.shape)),
    });
  }

  setState(name: string, values: Float32Array): Promise<void> {
    return this.call({ kind: 'set', name, values }) as Promise<void>;
  }

  state(names: readonly string[]): Promise<Record<string, Float32Array>> {
    return this.call({ kind: 'get', names: [...names] }) as Promise<Record<string, Float32Array>>;
  }

  /** One run; returns copies of the metric outputs, and under `max:<name>` the largest value of each state in `maxOf` after it. */
  step(variant: string, feeds: Record<string, { data: Float32Array; shape: number[] }>, maxOf: readonly string[] = []): Promise<Record<string, Float32Array>> {
    return this.call({ kind: 'step', variant, feeds, maxOf: [...maxOf] }) as Promise<Record<string, Float32Array>>;
  }

  async release(): Promise<void> {
    if (!this.failure) await this.call({ kind: 'close' }).catch(() => undefined);
    this.failure ??= new Error('the session worker was released');
    await this.worker.terminate();
  }

  private call(request: Message): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id });
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const waiting of this.pending.values()) waiting.reject(e);
    this.pending.clear();
  }
}

/**
 * The worker's side. It runs from its source text in a fresh thread, so it may use nothing from this module:
 * only its arguments and globals.
 */
function hostMain(ort: Ort, port: MessagePort): void {
  type Slot = { data: Float32Array; tensor: InstanceType<Ort['Tensor']> };
  const slot = (shape: number[]): Slot => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    return { data, tensor: new ort.Tensor('float32', data, shape) };
  };
  const variants = new Map<string, { session: Awaited<ReturnType<Ort['InferenceSession']['create']>>; metrics: Map<string, Slot> }>();
  let current = new Map<string, Slot>();
  let spare = new Map<string, Slot>();
  const nextOf = new Map<string, string>();
  const inputs = new Map<string, Slot>();

  const handle = async (m: Request): Promise<unknown> => {
    switch (m.kind) {
      case 'open': {
        if (current.size === 0) {
          for (const c of m.carried) {
            current.set(c.state.name, slot(c.state.shape));
            spare.set(c.state.name, slot(c.state.shape));
            nextOf.set(c.state.name, c.next);
          }
        }
        const session = await ort.InferenceSession.create(m.model, {
          executionProviders: ['cpu'],
          graphOptimizationLevel: 'all',
          executionMode: 'sequential',
          interOpNumThreads: 1,
          intraOpNumThreads: 1,
        });
        variants.set(m.variant, { session, metrics: new Map(m.metrics.map((t) => [t.name, slot(t.shape)])) });
        return undefined;
      }
      case 'set': {
        const target = current.get(m.name);
        if (!target || target.data.length !== m.values.length) throw new Error(`no carried state ${m.name} of ${m.values.length} values`);
        target.data.set(m.values);
        return undefined;
      }
      case 'get':
        return Object.fromEntries(m.names.map((n) => [n, Float32Array.from(current.get(n)?.data ?? [])]));
      case 'step': {
        const chosen = variants.get(m.variant);
        if (!chosen) throw new Error(`no variant ${m.variant}`);
        const feeds: Record<string, InstanceType<Ort['Tensor']>> = {};
        const fetches: Record<string, InstanceType<Ort['Tensor']>> = {};
        for (const [name, f] of Object.entries(m.feeds)) {
          // ORT refuses memory it does not own alone (SharedArrayBuffer): copy into a buffer kept per input.
          let own = inputs.get(name);
          if (!own || own.data.length !== f.data.length) inputs.set(name, (own = slot(f.shape)));
          own.data.set(f.data);
          feeds[name] = own.data.length === 1 && f.shape.length === 0 ? new ort.Tensor('float32', own.data, []) : new ort.Tensor('float32', own.data, f.shape);
        }
        for (const [name, s] of current) feeds[name] = s.tensor;
        for (const [name, s] of spare) fetches[nextOf.get(name)!] = s.tensor;
        for (const [name, s] of chosen.metrics) fetches[name] = s.tensor;
        await chosen.session.run(feeds, fetches);
        [current, spare] = [spare, current];
        const out: Record<string, Float32Array> = Object.fromEntries([...chosen.metrics].map(([name, s]) => [name, Float32Array.from(s.data)]));
        for (const name of m.maxOf) {
          let max = -Infinity;
          for (const v of current.get(name)?.data ?? []) max = Math.max(max, v);
          out[`max:${name}`] = Float32Array.of(max);
        }
        return out;
      }
      case 'close':
        for (const v of variants.values()) await v.session.release();
        variants.clear();
        return undefined;
    }
  };
  // One request at a time, in order: a step must not start before the state of the one before it has swapped.
  let queue = Promise.resolve();
  port.on('message', (m: Request) => {
    queue = queue.then(() => handle(m)).then(
      (result) => port.postMessage({ id: m.id, result }),
      (e: unknown) => port.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
    );
  });
}

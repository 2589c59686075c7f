import * as ort from 'onnxruntime-node';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DType, Graph } from '../graph/graph';
import { toOnnxBytes } from '../graph/onnx';

export interface OpTime {
  op: string;
  ms: number;
  fraction: number;
  nodes: number;
}

/** Float32 feeds by input name; inputs not given are fed zeros. */
export type ProfileFeeds = Record<string, Float32Array | number>;

interface ProfileEvent {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string };
}

/**
 * Where one run of `graph` spends its time, by ONNX op type after ORT's graph optimisations (fused ops show
 * under their fused names), from ORT's own profiler. The session mirrors the StepRunner's options; the
 * last of `runs` runs is summarised, so the first one's allocations do not count.
 */
export async function opProfile(graph: Graph, feeds: ProfileFeeds, threads: number, runs = 2): Promise<OpTime[]> {
  const dir = await mkdtemp(join(tmpdir(), 'saescope-profile-'));
  try {
    const session = await ort.InferenceSession.create(toOnnxBytes(graph), {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      interOpNumThreads: 1,
      enableMemPattern: false,
      intraOpNumThreads: threads,
      enableProfiling: true,
      profileFilePrefix: join(dir, 'profile'),
    });
    try {
      const inputs = Object.fromEntries(graph.inputs.map(({ tensor }) => [tensor.name, feed(tensor, feeds[tensor.name])]));
      for (let i = 0; i < runs; i++) await session.run(inputs);
      session.endProfiling();
    } finally {
      await session.release();
    }
    const [file] = await readdir(dir);
    return summarise(JSON.parse(await readFile(join(dir, file), 'utf8')) as ProfileEvent[]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function feed(t: { name: string; dtype: DType; shape: readonly number[] }, value: Float32Array | number | undefined): ort.Tensor {
  if (t.dtype !== 'float32') throw new Error(`opProfile feeds float32 inputs only; ${t.name} is ${t.dtype}`);
  const size = t.shape.reduce((a, b) => a * b, 1);
  const data = value instanceof Float32Array ? value : new Float32Array(size).fill(value ?? 0);
  return new ort.Tensor('float32', data, [...t.shape]);
}

/** Kernel time per op type within the last model_run, largest first. */
export function summarise(events: readonly ProfileEvent[]): OpTime[] {
  const run = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').at(-1);
  if (!run) return [];
  const byOp = new Map<string, { us: number; nodes: number }>();
  let total = 0;
  for (const e of events) {
    const op = e.args?.op_name;
    if (e.cat !== 'Node' || !op || e.ts < run.ts || e.ts > run.ts + run.dur) continue;
    const entry = byOp.get(op) ?? { us: 0, nodes: 0 };
    entry.us += e.dur;
    entry.nodes++;
    byOp.set(op, entry);
    total += e.dur;
  }
  return [...byOp]
    .map(([op, { us, nodes }]) => ({ op, ms: us / 1000, fraction: total > 0 ? us / total : 0, nodes }))
    .sort((a, b) => b.ms - a.ms);
}

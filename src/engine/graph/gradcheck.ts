import { grad } from './autodiff';
import { DType, Graph, Tensor } from './graph';
import { Evaluator, TypedArray } from './runner';

export interface GradCheckCase {
  /** Builds the function under test; returns a scalar loss and the inputs to differentiate. */
  build: (g: Graph) => { loss: Tensor; wrt: Tensor[] };
  /** Values for every graph input, keyed by name. */
  values: Record<string, TypedArray>;
  /** Central-difference step (default 1e-6 for float64, 1e-2 for float32). */
  eps?: number;
  /** Entries checked per input, spread over the tensor (default 32). */
  samples?: number;
}

export interface GradCheckReport {
  maxError: number;
  worst: { input: string; index: number; analytic: number; numeric: number };
}

/**
 * Compares the graph's reverse-mode gradient with central finite differences of the same ORT session.
 * The error of each entry is |a − n| / max(1, |a|, |n|): absolute near zero, relative for large values.
 */
export async function gradCheck(c: GradCheckCase): Promise<GradCheckReport> {
  const g = new Graph('gradcheck');
  const { loss, wrt } = c.build(g);
  const grads = grad(loss, wrt);
  g.output('loss', loss);
  grads.forEach((gr, i) => g.output(`grad_${i}`, gr));
  const session = await Evaluator.create(g, { threads: 1 });
  const feeds = Object.fromEntries(Object.entries(c.values).map(([k, v]) => [k, v.slice()])) as Record<string, TypedArray>;
  const base = await session.run(feeds);
  const analytic = grads.map((_, i) => Float64Array.from(base[`grad_${i}`] as Float64Array));
  const eps = c.eps ?? (loss.dtype === ('float64' satisfies DType) ? 1e-6 : 1e-2);
  const report: GradCheckReport = { maxError: 0, worst: { input: '', index: -1, analytic: 0, numeric: 0 } };
  for (let i = 0; i < wrt.length; i++) {
    const x = feeds[wrt[i].name] as Float32Array | Float64Array;
    for (const index of sampleIndices(x.length, c.samples ?? 32)) {
      const orig = x[index];
      x[index] = orig + eps;
      const up = Number((await session.run(feeds)).loss[0]);
      x[index] = orig - eps;
      const down = Number((await session.run(feeds)).loss[0]);
      x[index] = orig;
      const numeric = (up - down) / (2 * eps);
      const a = analytic[i][index];
      const err = Math.abs(a - numeric) / Math.max(1, Math.abs(a), Math.abs(numeric));
      if (!(err <= report.maxError)) report.worst = { input: wrt[i].name, index, analytic: a, numeric };
      report.maxError = Number.isNaN(err) ? Infinity : Math.max(report.maxError, err);
    }
  }
  await session.release();
  return report;
}

function sampleIndices(n: number, k: number): number[] {
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: k }, (_, i) => Math.floor((i * n) / k + (n / k) * 0.37) % n);
}

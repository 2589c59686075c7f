import { Graph } from '../../../graph/graph';
import { relu } from '../../../graph/ops/elementwise';
import { gemm } from '../../../graph/ops/linalg';
import { Evaluator } from '../../../graph/runner';
import { NamedTensor } from '../types';

/** Rows per ORT run: large enough to amortise the call, small enough that buffers stay a few MB. */
const CHUNK_ROWS = 8192;

function hiddenGraph(features: number, hidden: number, rows: number): Graph {
  const g = new Graph('longon_hidden');
  const x = g.input('x', 'float32', [rows, features]);
  const w = g.input('W', 'float32', [features, hidden]);
  g.output('h', relu(gemm(x, w)));
  return g;
}

/**
 * The "neurons" of a trained Longon model, h = ReLU(xW), for inputs `x` ([rows, n], row-major) and the
 * model's `W` ([n, hidden]): [rows, hidden], row-major. These are what an SAE is trained on.
 */
export async function longonHiddenActivations(w: NamedTensor, x: Float32Array): Promise<Float32Array> {
  const [features, hidden] = w.shape;
  const rows = x.length / features;
  if (w.shape.length !== 2 || !Number.isInteger(rows)) throw new RangeError(`inputs of ${x.length} values are not whole rows of W's ${features} features`);
  const out = new Float32Array(rows * hidden);
  const evaluators = new Map<number, Evaluator>();
  try {
    for (let start = 0; start < rows; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, rows - start);
      let evaluator = evaluators.get(n);
      if (!evaluator) evaluators.set(n, (evaluator = await Evaluator.create(hiddenGraph(features, hidden, n))));
      const { h } = await evaluator.run({ x: x.subarray(start * features, (start + n) * features), W: w.data });
      out.set(h as Float32Array, start * hidden);
    }
  } finally {
    for (const evaluator of evaluators.values()) await evaluator.release();
  }
  return out;
}

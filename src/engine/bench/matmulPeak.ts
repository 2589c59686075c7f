import { Graph } from '../graph/graph';
import { matmul } from '../graph/ops';
import { Evaluator } from '../graph/runner';
import { Rng } from '../util/random';
import { timeRuns } from './timing';

/** ORT MatMul throughput at n³: the practical peak every other figure is compared with. */
export async function matmulPeak(n: number, repeats: number): Promise<{ n: number; ms: number; gflops: number }> {
  const g = new Graph('matmul');
  g.output('c', matmul(g.input('a', 'float32', [n, n]), g.input('b', 'float32', [n, n])));
  const session = await Evaluator.create(g);
  const rng = new Rng(1);
  const a = rng.fillNormal(new Float32Array(n * n));
  const b = rng.fillNormal(new Float32Array(n * n));
  const ms = await timeRuns(repeats, () => session.run({ a, b }));
  await session.release();
  return { n, ms, gflops: (2 * n ** 3) / (ms * 1e6) };
}

import { Graph } from '../../graph/graph';
import { div, gemm, matmul, mul, reduceSum, sub } from '../../graph/ops';
import { Evaluator } from '../../graph/runner';

/**
 * Rows per ORT run for n rows and q targets: up to 2048 to amortise the call, fewer when q is large so that the
 * [α, rows, q] float64 buffers of the leave-one-out sweep stay near 32 MB each.
 */
export function ridgeChunkRows(n: number, q: number, alphas: number): number {
  return Math.max(1, Math.min(2048, n, Math.floor(2 ** 25 / (8 * alphas * q))));
}

/**
 * The two row-heavy products of RidgeCV, as float64 ORT sessions over fixed-size chunks of rows (a short last
 * chunk is padded with zero rows, which add nothing to either result):
 * - `gram`: XᵀX [p, p] and XᵀY [p, q] of the chunk;
 * - `looSums`: for every α of the grid at once, Σ_rows ‖y − ŷ‖²/(1 − h)², with Z = XV, ŷ = Z·M_α and
 *   h = Σ_k g_αk Z_k², where M_α = diag(g_α)·VᵀXᵀY and g_αk = 1/(λ_k + α) are fed from the eigen-decomposition.
 */
export class RidgeKernels {
  private constructor(
    readonly p: number,
    readonly q: number,
    readonly alphas: number,
    readonly chunk: number,
    private readonly gramSession: Evaluator,
    private readonly looSession: Evaluator,
  ) {}

  static async create(p: number, q: number, alphas: number, chunk: number): Promise<RidgeKernels> {
    const gram = new Graph('ridge_gram');
    const x = gram.input('x', 'float64', [chunk, p]);
    const y = gram.input('y', 'float64', [chunk, q]);
    gram.output('xtx', gemm(x, x, { transA: true }));
    gram.output('xty', gemm(x, y, { transA: true }));

    const loo = new Graph('ridge_loo');
    const lx = loo.input('x', 'float64', [chunk, p]);
    const ly = loo.input('y', 'float64', [chunk, q]);
    const v = loo.input('v', 'float64', [p, p]);
    const m = loo.input('m', 'float64', [alphas, p, q]);
    const g = loo.input('g', 'float64', [alphas, p]);
    const z = gemm(lx, v);
    const residual = sub(ly, matmul(z, m));
    const squared = reduceSum(mul(residual, residual), [2]);
    const notLeverage = sub(1, gemm(g, mul(z, z), { transB: true }));
    loo.output('loss', reduceSum(div(squared, mul(notLeverage, notLeverage)), [1]));

    const [gramSession, looSession] = [await Evaluator.create(gram), await Evaluator.create(loo)];
    return new RidgeKernels(p, q, alphas, chunk, gramSession, looSession);
  }

  /** XᵀX and XᵀY over all n rows of x [n, p], y [n, q]. */
  async gram(x: Float64Array, y: Float64Array, n: number): Promise<{ xtx: Float64Array; xty: Float64Array }> {
    const xtx = new Float64Array(this.p * this.p);
    const xty = new Float64Array(this.p * this.q);
    await this.chunks(x, y, n, async (feeds) => {
      const out = await this.gramSession.run(feeds);
      addInto(xtx, out.xtx as Float64Array);
      addInto(xty, out.xty as Float64Array);
    });
    return { xtx, xty };
  }

  /** Σ_rows ‖y − ŷ‖²/(1 − h)² per α, for v [p, p], m [α, p, q], g [α, p]. */
  async looSums(x: Float64Array, y: Float64Array, n: number, v: Float64Array, m: Float64Array, g: Float64Array): Promise<Float64Array> {
    const sums = new Float64Array(this.alphas);
    await this.chunks(x, y, n, async (feeds) => addInto(sums, (await this.looSession.run({ ...feeds, v, m, g })).loss as Float64Array));
    return sums;
  }

  async release(): Promise<void> {
    await this.gramSession.release();
    await this.looSession.release();
  }

  private async chunks(x: Float64Array, y: Float64Array, n: number, use: (feeds: { x: Float64Array; y: Float64Array }) => Promise<void>): Promise<void> {
    for (let start = 0; start < n; start += this.chunk) {
      const rows = Math.min(this.chunk, n - start);
      const xs = new Float64Array(this.chunk * this.p);
      const ys = new Float64Array(this.chunk * this.q);
      xs.set(x.subarray(start * this.p, (start + rows) * this.p));
      ys.set(y.subarray(start * this.q, (start + rows) * this.q));
      await use({ x: xs, y: ys });
    }
  }
}

function addInto(total: Float64Array, part: Float64Array): void {
  for (let i = 0; i < total.length; i++) total[i] += part[i];
}

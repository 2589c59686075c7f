/**
 * An orthonormal basis of the span of some vectors, with the rank found on the way: Gram–Schmidt in float64, each
 * vector orthogonalised twice against the basis so far ("twice is enough"), and kept only if what remains is longer
 * than `tolerance` × the longest input vector. Collinear or zero vectors therefore add nothing, wherever they sit in
 * the list. (The hedging paper's code takes torch's QR and keeps its first rank(R) columns, which equals this when the
 * dependent vectors come last and keeps an arbitrary direction when they do not.)
 */
export interface Basis {
  /** rank × dim, unit rows, mutually orthogonal. */
  vectors: Float64Array;
  rank: number;
  dim: number;
}

/** torch.linalg.matrix_rank's default relative tolerance for float32 data: max(rows, cols)·ε₃₂. */
export const defaultRankTolerance = (count: number, dim: number): number => Math.max(count, dim) * 2 ** -23;

/** `rows`: count × dim row-major. */
export function orthonormalBasis(rows: ArrayLike<number>, count: number, dim: number, tolerance = defaultRankTolerance(count, dim)): Basis {
  if (rows.length !== count * dim) throw new RangeError(`expected ${count}×${dim} values, got ${rows.length}`);
  let longest = 0;
  for (let r = 0; r < count; r++) longest = Math.max(longest, norm(rows, r * dim, dim));
  const vectors = new Float64Array(Math.min(count, dim) * dim);
  let rank = 0;
  const v = new Float64Array(dim);
  for (let r = 0; r < count && rank < dim; r++) {
    for (let k = 0; k < dim; k++) v[k] = rows[r * dim + k];
    for (let pass = 0; pass < 2; pass++) {
      for (let b = 0; b < rank; b++) {
        let c = 0;
        for (let k = 0; k < dim; k++) c += vectors[b * dim + k] * v[k];
        for (let k = 0; k < dim; k++) v[k] -= c * vectors[b * dim + k];
      }
    }
    const length = norm(v, 0, dim);
    if (!(length > tolerance * longest)) continue;
    for (let k = 0; k < dim; k++) vectors[rank * dim + k] = v[k] / length;
    rank++;
  }
  return { vectors: vectors.slice(0, rank * dim), rank, dim };
}

/** ‖QQᵀv_i‖ = ‖Qᵀv_i‖ for each row v_i of `rows` [count, dim]: the length of its projection onto the span. */
export function projectionNorms(rows: ArrayLike<number>, count: number, basis: Basis): Float64Array {
  const { vectors, rank, dim } = basis;
  if (rows.length !== count * dim) throw new RangeError(`expected ${count}×${dim} values, got ${rows.length}`);
  const out = new Float64Array(count);
  for (let r = 0; r < count; r++) {
    let sq = 0;
    for (let b = 0; b < rank; b++) {
      let c = 0;
      for (let k = 0; k < dim; k++) c += vectors[b * dim + k] * rows[r * dim + k];
      sq += c * c;
    }
    out[r] = Math.sqrt(sq);
  }
  return out;
}

function norm(x: ArrayLike<number>, offset: number, length: number): number {
  let sq = 0;
  for (let k = 0; k < length; k++) sq += x[offset + k] * x[offset + k];
  return Math.sqrt(sq);
}

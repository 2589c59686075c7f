/** How each activation row is normalised before probing. */
export type RowNormalisation = 'layernorm' | 'rms';

export const ROW_NORMALISATION_FORMULAS: Record<RowNormalisation, string> = {
  layernorm: 'N(v) = (v − mean(v)) / √(var(v) + 1e-5), per row, without a learned gain or bias (LayerNorm)',
  rms: 'N(v) = v / √(mean(v²) + 1e-5), per row (RMSNorm; the truth toy\'s v/‖v‖ up to the factor √d)',
};

/**
 * A copy of `x` [rows, d] with every row normalised (spec §4.4's LayerNorm ablation: a direction that separates
 * classes only after normalisation is one the network can read after its own norm layer).
 */
export function normaliseRows(x: ArrayLike<number>, d: number, kind: RowNormalisation): Float64Array {
  const out = Float64Array.from(x as ArrayLike<number>);
  const rows = out.length / d;
  for (let r = 0; r < rows; r++) {
    const row = out.subarray(r * d, (r + 1) * d);
    const mean = kind === 'layernorm' ? row.reduce((s, v) => s + v, 0) / d : 0;
    let square = 0;
    for (const v of row) square += (v - mean) ** 2;
    const scale = 1 / Math.sqrt(square / d + 1e-5);
    for (let k = 0; k < d; k++) row[k] = (row[k] - mean) * scale;
  }
  return out;
}

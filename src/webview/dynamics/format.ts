/** Number formats the Dynamics panel shares. */
export const num = (v: number | null | undefined, digits = 3): string => {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(digits);
};

export const llcText = (llc: { mean: number; std: number } | null): string => (llc ? `${num(llc.mean)} ± ${num(llc.std)}` : '—');

/** Number formats of the inspector's cells. */
export function formatValue(value: number | null, digits = 4): string {
  if (value === null || Number.isNaN(value)) return '—';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude < 1e-3 || magnitude >= 1e5 ? value.toExponential(2) : value.toFixed(digits);
}

/** Number formats the Dynamics lab panel shares. */
export const sig = (value: number, digits = 4): string => Number(value.toPrecision(digits)).toString();
export const fixed = (value: number, digits = 3): string => value.toFixed(digits);
/** A value with its standard error, or the value alone where the error is not defined (two points). */
export const withError = (value: number, error: number | null, digits = 3): string => (error === null ? value.toFixed(digits) : `${value.toFixed(digits)} ± ${error.toFixed(digits)}`);
/** mean ± std over folds. */
export const folded = (s: { mean: number; std: number }): string => `${s.mean.toFixed(3)} ± ${s.std.toFixed(3)}`;

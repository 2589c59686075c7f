/**
 * Whether the log-spaced grid 1, 10^(1/perDecade), 10^(2/perDecade), … has a point in (from, to]: recording
 * at the end of every run that contains a grid point gives about `perDecade` records per decade of steps,
 * each decade weighing the same in a log–log fit, and every run while runs are longer than the grid spacing.
 */
export function logGridPointIn(from: number, to: number, perDecade: number): boolean {
  // The 1e-9 keeps exact powers of ten on the grid despite rounding in log10.
  const pointsUpTo = (x: number) => (x < 1 ? 0 : Math.floor(perDecade * Math.log10(x) + 1e-9) + 1);
  return pointsUpTo(to) > pointsUpTo(from);
}

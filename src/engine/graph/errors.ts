/** A graph that cannot be built: raised at build time with the op and the shapes involved. */
export class ShapeError extends Error {
  constructor(
    readonly op: string,
    readonly problem: string,
  ) {
    super(`${op}: ${problem}`);
    this.name = 'ShapeError';
  }
}

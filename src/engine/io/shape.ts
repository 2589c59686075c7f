export function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((d) => Number.isSafeInteger(d) && d >= 0);
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function formatShape(shape: readonly unknown[]): string {
  return `[${shape.join(', ')}]`;
}

/** Checks a caller's request for rows [start, end) along axis 0; a bad request is a programming error, not a file error. */
export function checkRowRange(name: string, shape: readonly number[], start: number, end: number): void {
  if (shape.length === 0) throw new RangeError(`${name}: a scalar has no rows`);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || start > end || end > shape[0]) {
    throw new RangeError(`${name}: rows [${start}, ${end}) are not within [0, ${shape[0]})`);
  }
}

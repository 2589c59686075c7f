export type DataErrorCode =
  | 'not-finite'
  | 'bad-shape'
  | 'bad-dtype'
  | 'bad-layout'
  | 'd-in-mismatch'
  | 'no-tensor'
  | 'bad-spec';

/** Activation data that must not be trained on: names the file (or source), and the row and column when one is at fault. */
export class DataError extends Error {
  constructor(
    readonly code: DataErrorCode,
    readonly file: string,
    readonly problem: string,
    readonly row?: number,
    readonly column?: number,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'DataError';
  }
}

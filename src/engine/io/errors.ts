export type FormatErrorCode =
  | 'truncated'
  | 'header-too-large'
  | 'bad-json'
  | 'bad-header'
  | 'bad-magic'
  | 'unknown-dtype'
  | 'bad-shape'
  | 'bad-offsets'
  | 'shape-mismatch'
  | 'dtype-mismatch'
  | 'not-found'
  | 'unsupported'
  | 'pickle'
  | 'bad-zip'
  | 'bad-onnx'
  | 'io';

/** A file that cannot be read or written as asked: names the file, the problem, and a code to branch on. */
export class FormatError extends Error {
  constructor(
    readonly code: FormatErrorCode,
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'FormatError';
  }
}

/**
 * The tokens behind attached activation rows, for highlighting top examples in context: a `.npy` of integer token
 * ids with one id per activation row — [sequences, positions] (contexts stay inside a sequence) or [rows] (one
 * stream) — and optionally a JSON vocabulary (the list or token → id form `saescope activations --tokenizer`
 * takes) that turns ids into text. `saescope activations --tokens-out` writes such a file beside the activations.
 */
import { FormatError } from '../io/errors';
import { readNpy } from '../io/npy';
import { loadVocabulary } from '../onnx/tokenizer';

export interface TokenText {
  file: string;
  ids: Int32Array;
  /** Positions per sequence; a context never crosses from one sequence into the next. */
  sequenceLength: number;
  /** Token text by id, where a vocabulary was given. */
  vocabulary: string[] | null;
}

export async function loadTokenText(file: string, vocabularyFile?: string): Promise<TokenText> {
  const t = await readNpy(file);
  if (!['I64', 'I32', 'I16', 'I8', 'U64', 'U32', 'U16', 'U8'].includes(t.dtype)) {
    throw new FormatError('dtype-mismatch', file, `token ids must be integers, not ${t.dtype}`);
  }
  if (t.shape.length < 1 || t.shape.length > 2) {
    throw new FormatError('bad-shape', file, `token ids must be [sequences, positions] or [rows], not [${t.shape.join(', ')}]`);
  }
  const ids = new Int32Array(t.data.length);
  for (let i = 0; i < ids.length; i++) {
    const id = Number(t.data[i]);
    if (!(id >= 0 && id <= 0x7fffffff)) throw new FormatError('unsupported', file, `token id ${t.data[i]} at index ${i} is not a valid id`);
    ids[i] = id;
  }
  let vocabulary: string[] | null = null;
  if (vocabularyFile) {
    vocabulary = [];
    for (const [token, id] of await loadVocabulary(vocabularyFile)) vocabulary[id] = token;
  }
  return { file, ids, sequenceLength: t.shape.length === 2 ? t.shape[1] : ids.length, vocabulary };
}

/** Refuses token files shorter than the rows they must label. */
export function checkTokenCount(tokens: TokenText, rows: number): void {
  if (tokens.ids.length < rows) {
    throw new FormatError('shape-mismatch', tokens.file, `has ${tokens.ids.length} token ids but ${rows} activation rows were attached; it needs one id per row`);
  }
}

export function tokenLabel(tokens: TokenText, id: number): string {
  return tokens.vocabulary?.[id] ?? `⟨${id}⟩`;
}

/** Rows [from, to) around `row`: up to `before` rows before it and `after` after, within its sequence and the rows attached. */
export function contextRows(tokens: TokenText, row: number, rows: number, before: number, after: number): { from: number; to: number } {
  const start = Math.floor(row / tokens.sequenceLength) * tokens.sequenceLength;
  return { from: Math.max(start, row - before), to: Math.min(start + tokens.sequenceLength, rows, row + after + 1) };
}

import { readFile } from 'node:fs/promises';
import { FormatError } from '../io/errors';

/** Token → id. */
export type Vocabulary = ReadonlyMap<string, number>;

/**
 * Reads a vocabulary file. Only the simplest form is supported: JSON that is either a list of tokens (a token's
 * id is its index) or an object mapping each token to its integer id (as in a Hugging Face vocab.json).
 * Merges, normalisers and special-token rules of real tokenizers are not applied.
 */
export async function loadVocabulary(file: string): Promise<Vocabulary> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new FormatError('bad-json', file, `not a JSON vocabulary (${(err as Error).message})`);
  }
  const entries: [string, unknown][] = Array.isArray(json) ? json.map((token, id) => [String(token), id])
    : json !== null && typeof json === 'object' ? Object.entries(json) : [];
  if (entries.length === 0) throw new FormatError('bad-json', file, 'a vocabulary must be a non-empty JSON list of tokens or object of token → id');
  for (const [token, id] of entries) {
    if (!Number.isSafeInteger(id) || (id as number) < 0) throw new FormatError('bad-json', file, `token '${token}' has id ${JSON.stringify(id)}, not a non-negative integer`);
  }
  return new Map(entries as [string, number][]);
}

/** Token ids of a text, one sequence per non-empty line, as rows [rows, seq]. */
export interface TokenizedText {
  ids: BigInt64Array;
  rows: number;
  seq: number;
}

/**
 * Whitespace tokenisation: each non-empty line is one sequence and each whitespace-separated word one token,
 * looked up exactly. Every line must have the same number of tokens (models here take rectangular batches).
 */
export function tokenizeLines(text: string, vocab: Vocabulary, file: string): TokenizedText {
  const ids: bigint[] = [];
  let seq = -1;
  let rows = 0;
  text.split(/\r?\n/).forEach((line, index) => {
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    if (seq < 0) seq = words.length;
    if (words.length !== seq) {
      throw new FormatError('bad-shape', file, `line ${index + 1} has ${words.length} tokens but the first line has ${seq}; every line must have the same number`);
    }
    for (const word of words) {
      const id = vocab.get(word);
      if (id === undefined) throw new FormatError('not-found', file, `line ${index + 1}: token '${word}' is not in the vocabulary`);
      ids.push(BigInt(id));
    }
    rows++;
  });
  if (rows === 0) throw new FormatError('bad-shape', file, 'the text has no tokens');
  return { ids: BigInt64Array.from(ids), rows, seq };
}

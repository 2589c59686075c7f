/**
 * Where Python code loads an SAE, found from the text alone: SAELens calls (`SAE.from_pretrained(release, sae_id)`,
 * `SAE.load_from_disk(path)`, `SAE.load_from_pretrained(path)`, on `SAE` or any `…SAE` class) and string literals
 * that name SAE weights (`….safetensors`, `params.npz`) or look like a folder path. Arguments may be literals,
 * implicitly concatenated literals, or names assigned a literal earlier at the start of a line.
 */
import { tokenize, type Token } from './pythonTokens';

export const WEIGHT_FILE_PATTERN = /(\.safetensors|(^|[\\/])params\.npz)$/i;

export type SaeReference =
  /** SAE.from_pretrained: a release of SAELens' registry (or a Hugging Face repo id) and an SAE inside it. */
  | { kind: 'pretrained'; release: string; saeId: string | null; start: number; end: number }
  /**
   * A path: from a loading call ('call'), a literal naming weights ('weights'), or a literal that only looks
   * like a path ('folder', worth a lens only when it turns out to hold an SAE).
   */
  | { kind: 'path'; path: string; source: 'call' | 'weights' | 'folder'; start: number; end: number };

const PRETRAINED_METHODS = new Set(['from_pretrained', 'from_pretrained_with_cfg_and_sparsity']);
const PATH_METHODS = new Set(['load_from_disk', 'load_from_pretrained']);
const MAX_PATH_LENGTH = 1024;

interface Argument {
  keyword: string | null;
  /** The literal value; null when the argument is not a literal we can read (a call, an f-string, …). */
  value: string | null;
  /** The argument's tokens, and those of the assignment it names. */
  tokens: Token[];
}

/** A literal's value and its tokens (so a literal read through a name is not also offered on its own). */
interface Literal {
  value: string | null;
  tokens: Token[];
}

export function findSaeReferences(source: string): SaeReference[] {
  const tokens = tokenize(source);
  const references: SaeReference[] = [];
  const assigned = new Map<string, Literal>();
  const consumed = new Set<Token>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    recordAssignment(tokens, i, assigned);
    if (t.kind !== 'name' || !/SAE$/.test(t.text) || !isOp(tokens[i + 1], '.') || !isOp(tokens[i + 3], '(')) continue;
    const method = tokens[i + 2];
    if (method?.kind !== 'name' || !(PRETRAINED_METHODS.has(method.text) || PATH_METHODS.has(method.text))) continue;
    const call = readArguments(tokens, i + 3, assigned);
    if (!call) continue;
    call.args.forEach((arg) => arg.tokens.forEach((token) => consumed.add(token)));
    const span = { start: t.start, end: call.end };
    if (PRETRAINED_METHODS.has(method.text)) {
      const release = argument(call.args, 'release', 0);
      const saeId = argument(call.args, 'sae_id', 1);
      if (release?.value) references.push({ kind: 'pretrained', release: release.value, saeId: saeId?.value ?? null, ...span });
    } else {
      const path = argument(call.args, 'path', 0);
      if (path?.value) references.push({ kind: 'path', path: path.value, source: 'call', ...span });
    }
  }
  for (const t of tokens) {
    if (t.kind !== 'string' || t.value === null || consumed.has(t)) continue;
    const source = literalKind(t.value);
    if (source) references.push({ kind: 'path', path: t.value, source, start: t.start, end: t.end });
  }
  return references.sort((a, b) => a.start - b.start);
}

/** 'weights' for a literal naming a weights file, 'folder' for one that looks like a folder path, else null. */
function literalKind(value: string): 'weights' | 'folder' | null {
  if (value.length === 0 || value.length > MAX_PATH_LENGTH || /[\n\r\t]/.test(value) || value.trim() !== value || value.includes('://')) return null;
  if (WEIGHT_FILE_PATTERN.test(value)) return 'weights';
  // Prose and code in strings (docstrings, format templates) are not paths.
  if (/["'()[\]{}<>|*?;]/.test(value)) return null;
  return /[\\/]/.test(value) || value.startsWith('~') ? 'folder' : null;
}

/** `NAME = "literal"` at the start of a logical line: remembered so later calls may pass NAME. */
function recordAssignment(tokens: Token[], i: number, assigned: Map<string, Literal>): void {
  const t = tokens[i];
  const atLineStart = i === 0 || tokens[i - 1].kind === 'newline' || isOp(tokens[i - 1], ';');
  if (t.kind !== 'name' || !atLineStart || !isOp(tokens[i + 1], '=')) return;
  assigned.set(t.text, literalOf(tokens.slice(i + 2, statementEnd(tokens, i + 2)), assigned));
}

function statementEnd(tokens: Token[], from: number): number {
  let end = from;
  while (end < tokens.length && tokens[end].kind !== 'newline' && !isOp(tokens[end], ';')) end++;
  return end;
}

/** The call's arguments, from its opening parenthesis at `open` to the matching one (null if never closed). */
function readArguments(tokens: Token[], open: number, assigned: Map<string, Literal>): { args: Argument[]; end: number } | null {
  const args: Argument[] = [];
  let current: Token[] = [];
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'op' && '([{'.includes(t.text)) depth++;
    if (t.kind === 'op' && ')]}'.includes(t.text)) depth--;
    if (depth === 0) {
      if (current.length > 0) args.push(toArgument(current, assigned));
      return { args, end: t.end };
    }
    if (i === open) continue;
    if (depth === 1 && isOp(t, ',')) {
      args.push(toArgument(current, assigned));
      current = [];
    } else {
      current.push(t);
    }
  }
  return null;
}

function toArgument(tokens: Token[], assigned: Map<string, Literal>): Argument {
  const keyword = tokens[0]?.kind === 'name' && isOp(tokens[1], '=') ? tokens[0].text : null;
  const literal = literalOf(keyword === null ? tokens : tokens.slice(2), assigned);
  return { keyword, value: literal.value, tokens: [...tokens, ...literal.tokens] };
}

/** A run of string literals (Python joins adjacent ones), or a name assigned such a run; otherwise value null. */
function literalOf(tokens: Token[], assigned: Map<string, Literal>): Literal {
  if (tokens.length === 1 && tokens[0].kind === 'name') return assigned.get(tokens[0].text) ?? { value: null, tokens: [] };
  let value: string | null = tokens.length > 0 ? '' : null;
  for (const t of tokens) value = t.kind === 'string' && t.value !== null && value !== null ? value + t.value : null;
  return { value, tokens: value === null ? [] : tokens };
}

/** The argument passed by keyword, or else at that position among the positional ones (before any keyword). */
function argument(args: Argument[], keyword: string, position: number): Argument | undefined {
  const byKeyword = args.find((a) => a.keyword === keyword);
  if (byKeyword) return byKeyword;
  const positional = [];
  for (const a of args) {
    if (a.keyword !== null || isOp(a.tokens[0], '*') || isOp(a.tokens[0], '**')) break;
    positional.push(a);
  }
  return positional[position];
}

function isOp(token: Token | undefined, text: string): boolean {
  return token?.kind === 'op' && token.text === text;
}

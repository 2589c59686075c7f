/**
 * Just enough of Python's lexer to find SAE-loading calls: names, string literals (with their prefixes and
 * escapes), operators, and logical line ends. Comments are dropped, brackets let calls span lines, and anything
 * unexpected (IPython magics, shell lines, half-typed code) becomes an operator token rather than an error.
 */
export type Token =
  | { kind: 'name'; text: string; start: number; end: number }
  | { kind: 'op'; text: string; start: number; end: number }
  /** `value` is null where it cannot be known without running code: f-strings, bytes, unterminated strings. */
  | { kind: 'string'; value: string | null; start: number; end: number }
  /** The end of a logical line (a newline outside brackets). */
  | { kind: 'newline'; start: number; end: number };

const STRING_PREFIXES = new Set(['r', 'u', 'f', 'b', 't', 'br', 'rb', 'fr', 'rf', 'tr', 'rt']);
const TWO_CHAR_OPS = new Set(['==', '!=', '<=', '>=', ':=', '->', '**', '//', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=']);
const NAME_START = /[\p{L}_]/u;
const NAME_PART = /[\p{L}\p{N}_]/u;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '\\' && (source[i + 1] === '\n' || (source[i + 1] === '\r' && source[i + 2] === '\n'))) {
      i += source[i + 1] === '\n' ? 2 : 3;
    } else if (c === '\n') {
      if (depth === 0) tokens.push({ kind: 'newline', start: i, end: i + 1 });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
    } else if (c === '"' || c === "'") {
      const string = readString(source, i, '');
      tokens.push(string);
      i = string.end;
    } else if (NAME_START.test(c)) {
      let end = i + 1;
      while (end < source.length && NAME_PART.test(source[end])) end++;
      const text = source.slice(i, end);
      if ((source[end] === '"' || source[end] === "'") && STRING_PREFIXES.has(text.toLowerCase())) {
        const string = readString(source, end, text.toLowerCase());
        tokens.push({ ...string, start: i });
        i = string.end;
      } else {
        tokens.push({ kind: 'name', text, start: i, end });
        i = end;
      }
    } else if (/\d/.test(c)) {
      let end = i + 1;
      while (end < source.length && /[\w.]/.test(source[end])) end++;
      tokens.push({ kind: 'op', text: source.slice(i, end), start: i, end });
      i = end;
    } else {
      const pair = source.slice(i, i + 2);
      const text = TWO_CHAR_OPS.has(pair) ? pair : c;
      if (text === '(' || text === '[' || text === '{') depth++;
      if ((text === ')' || text === ']' || text === '}') && depth > 0) depth--;
      tokens.push({ kind: 'op', text, start: i, end: i + text.length });
      i += text.length;
    }
  }
  return tokens;
}

/** A string literal whose opening quote is at `quoteAt`; `prefix` is its lower-cased prefix letters. */
function readString(source: string, quoteAt: number, prefix: string): Token & { kind: 'string' } {
  const quote = source[quoteAt];
  const triple = source.startsWith(quote.repeat(3), quoteAt);
  const closing = triple ? quote.repeat(3) : quote;
  const raw = prefix.includes('r');
  let i = quoteAt + closing.length;
  const bodyStart = i;
  while (i < source.length) {
    if (source[i] === '\\') {
      i += 2;
    } else if (source.startsWith(closing, i)) {
      const body = source.slice(bodyStart, i);
      const known = !prefix.includes('f') && !prefix.includes('b') && !prefix.includes('t');
      return { kind: 'string', value: known ? (raw ? body : unescape(body)) : null, start: quoteAt, end: i + closing.length };
    } else if (source[i] === '\n' && !triple) {
      break;
    } else {
      i++;
    }
  }
  return { kind: 'string', value: null, start: quoteAt, end: Math.min(i, source.length) };
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };

/** Python's escape sequences in a non-raw string; unknown ones keep their backslash, as Python does. */
function unescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\r?\n|.)/gs, (whole, code: string) => {
    if (code in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[code];
    if (code === '\r\n') return '';
    if (/^[xuU]/.test(code) && code.length > 1) return String.fromCodePoint(parseInt(code.slice(1), 16));
    if (/^[0-7]+$/.test(code)) return String.fromCodePoint(parseInt(code, 8));
    return whole;
  });
}

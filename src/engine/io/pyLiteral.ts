export type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

/**
 * Parses the small subset of Python literal syntax that .npy headers use: dicts with string keys,
 * tuples, lists, strings, integers, True/False/None. Anything else is a SyntaxError; nothing is evaluated.
 */
export function parsePythonLiteral(text: string): PyValue {
  const parser = new LiteralParser(text);
  const value = parser.value();
  parser.expectEnd();
  return value;
}

const CLOSING: Record<string, string> = { '{': '}', '(': ')', '[': ']' };
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"' };

class LiteralParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  value(): PyValue {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{') return this.dict();
    if (c === '(') return this.tuple();
    if (c === '[') return this.items('[');
    if (c === "'" || c === '"') return this.string();
    const word = /^(?:-?\d+L?|True|False|None)/.exec(this.text.slice(this.pos))?.[0];
    if (!word) throw this.error('expected a value');
    this.pos += word.length;
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word === 'None') return null;
    // Python 2 wrote long integers with an L suffix, and old .npy files keep it.
    const n = Number(word.replace('L', ''));
    if (!Number.isSafeInteger(n)) throw this.error(`integer ${word} is too large`);
    return n;
  }

  expectEnd(): void {
    this.skipSpace();
    if (this.pos < this.text.length) throw this.error('unexpected text after the value');
  }

  private dict(): Map<string, PyValue> {
    const dict = new Map<string, PyValue>();
    this.sequence('{', () => {
      const key = this.value();
      if (typeof key !== 'string') throw this.error('dict keys must be strings');
      this.skipSpace();
      this.expect(':');
      dict.set(key, this.value());
    });
    return dict;
  }

  /** A parenthesised single value without a trailing comma is that value, not a tuple. */
  private tuple(): PyValue {
    const items: PyValue[] = [];
    const commas = this.sequence('(', () => items.push(this.value()));
    return items.length === 1 && commas === 0 ? items[0] : items;
  }

  private items(open: string): PyValue[] {
    const items: PyValue[] = [];
    this.sequence(open, () => items.push(this.value()));
    return items;
  }

  /** Parses `open item, item, ... close` (trailing comma allowed) and returns the number of commas. */
  private sequence(open: string, item: () => void): number {
    this.expect(open);
    let commas = 0;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === CLOSING[open]) break;
      item();
      this.skipSpace();
      if (this.text[this.pos] !== ',') break;
      this.pos++;
      commas++;
    }
    this.expect(CLOSING[open]);
    return commas;
  }

  private string(): string {
    const quote = this.text[this.pos++];
    let out = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++];
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const escaped = this.text[this.pos++];
      out += ESCAPES[escaped] ?? `\\${escaped}`;
    }
    throw this.error('unterminated string');
  }

  private expect(token: string): void {
    this.skipSpace();
    if (this.text[this.pos] !== token) throw this.error(`expected '${token}'`);
    this.pos++;
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  private error(problem: string): SyntaxError {
    return new SyntaxError(`${problem} at position ${this.pos}`);
  }
}

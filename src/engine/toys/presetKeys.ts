/** Typed, documented keys of a preset: how each value parses from a `toy:` string, validates and prints. */

export type ToyParamValue = number | boolean | string | readonly number[];

export interface ParamKey<T extends ToyParamValue> {
  readonly default: T;
  readonly doc: string;
  /** What a valid value looks like, for error messages (e.g. "an integer ≥ 1"). */
  readonly expected: string;
  /** The value written as `raw`, or undefined when `raw` is not a valid value. */
  parse(raw: string): T | undefined;
  /** Whether `value` (parsed, or given programmatically) is a valid value. */
  accepts(value: unknown): value is T;
  format(value: T): string;
}

export type ParamKeys = Readonly<Record<string, ParamKey<ToyParamValue>>>;

/** The parameter object a set of keys describes. */
export type ParamsOf<K extends ParamKeys> = { readonly [N in keyof K]: K[N] extends ParamKey<infer T> ? T : never };

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

interface Range {
  readonly min?: number;
  readonly max?: number;
  /** Excludes min itself. */
  readonly above?: boolean;
}

function inRange(x: number, { min = -Infinity, max = Infinity, above = false }: Range): boolean {
  return Number.isFinite(x) && (above ? x > min : x >= min) && x <= max;
}

function describeRange(kind: string, { min, max, above = false }: Range): string {
  if (min !== undefined && max !== undefined) return `${kind} in ${above ? '(' : '['}${min}, ${max}]`;
  if (min !== undefined) return `${kind} ${above ? '>' : '≥'} ${min}`;
  if (max !== undefined) return `${kind} ≤ ${max}`;
  return kind;
}

export function numberKey(defaultValue: number, doc: string, range: Range = {}): ParamKey<number> {
  const accepts = (v: unknown): v is number => typeof v === 'number' && inRange(v, range);
  return {
    default: defaultValue,
    doc,
    expected: describeRange('a number', range),
    parse: (raw) => (DECIMAL.test(raw) && accepts(Number(raw)) ? Number(raw) : undefined),
    accepts,
    format: String,
  };
}

export function intKey(defaultValue: number, doc: string, range: Range = {}): ParamKey<number> {
  const accepts = (v: unknown): v is number => Number.isSafeInteger(v) && inRange(v as number, range);
  return {
    default: defaultValue,
    doc,
    expected: describeRange('an integer', range),
    parse: (raw) => (INTEGER.test(raw) && accepts(Number(raw)) ? Number(raw) : undefined),
    accepts,
    format: String,
  };
}

export function boolKey(defaultValue: boolean, doc: string): ParamKey<boolean> {
  const values: Record<string, boolean> = { true: true, false: false, 1: true, 0: false };
  return {
    default: defaultValue,
    doc,
    expected: 'true or false',
    parse: (raw) => (Object.hasOwn(values, raw) ? values[raw] : undefined),
    accepts: (v): v is boolean => typeof v === 'boolean',
    format: String,
  };
}

export function enumKey<const V extends readonly string[]>(values: V, defaultValue: V[number], doc: string): ParamKey<V[number]> {
  const accepts = (v: unknown): v is V[number] => typeof v === 'string' && values.includes(v);
  return {
    default: defaultValue,
    doc,
    expected: `one of ${values.join(', ')}`,
    parse: (raw) => (accepts(raw) ? raw : undefined),
    accepts,
    format: String,
  };
}

/** A non-empty comma-separated list of numbers, e.g. `0.15,0.15,0.15`. */
export function numberListKey(defaultValue: readonly number[], doc: string, range: Range = {}): ParamKey<readonly number[]> {
  const accepts = (v: unknown): v is readonly number[] => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && inRange(x, range));
  return {
    default: defaultValue,
    doc,
    expected: `a comma-separated list of ${describeRange('numbers', range).replace(/^numbers /, 'numbers, each ')}`,
    parse: (raw) => {
      const parts = raw.split(',');
      if (!parts.every((s) => DECIMAL.test(s))) return undefined;
      const list = parts.map(Number);
      return accepts(list) ? list : undefined;
    },
    accepts,
    format: (v) => v.join(','),
  };
}

/** Whether two parameter values are the same (lists compared element by element). */
export function sameValue(a: ToyParamValue, b: ToyParamValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** A message that crossed a boundary without the shape its protocol promises. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

/** Reads typed fields out of an untrusted object, naming the object and field in every complaint. */
export class FieldReader {
  private readonly fields: Record<string, unknown>;

  constructor(
    value: unknown,
    private readonly what: string,
  ) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ProtocolError(`${what} must be an object, got ${describe(value)}`);
    }
    this.fields = value as Record<string, unknown>;
  }

  /** The raw value of a field, for payloads that are checked later by whoever knows their type. */
  unknown(key: string): unknown {
    if (!(key in this.fields)) throw this.complaint(key, 'is missing');
    return this.fields[key];
  }

  string(key: string): string {
    const value = this.fields[key];
    if (typeof value !== 'string') throw this.complaint(key, `must be a string, got ${describe(value)}`);
    return value;
  }

  boolean(key: string): boolean {
    const value = this.fields[key];
    if (typeof value !== 'boolean') throw this.complaint(key, `must be a boolean, got ${describe(value)}`);
    return value;
  }

  number(key: string): number {
    const value = this.fields[key];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw this.complaint(key, `must be a finite number, got ${describe(value)}`);
    }
    return value;
  }

  /** A request id: a non-negative safe integer. */
  id(key = 'id'): number {
    const value = this.fields[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw this.complaint(key, `must be a non-negative integer, got ${describe(value)}`);
    }
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.fields[key];
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      const options = allowed.map((a) => JSON.stringify(a)).join(', ');
      throw this.complaint(key, `must be one of ${options}, got ${describe(value)}`);
    }
    return value as T;
  }

  /** Reads the field with `read` when present; undefined when absent. */
  optional<T>(key: string, read: (this: FieldReader, key: string) => T): T | undefined {
    return this.fields[key] === undefined ? undefined : read.call(this, key);
  }

  /** A number, or null where the value is not known (JSON has no NaN). */
  nullableNumber(key: string): number | null {
    return this.fields[key] === null ? null : this.number(key);
  }

  integer(key: string, min = 0): number {
    const value = this.number(key);
    if (!Number.isSafeInteger(value) || value < min) throw this.complaint(key, `must be an integer ≥ ${min}, got ${value}`);
    return value;
  }

  numbers(key: string): number[] {
    return this.array(key, (item, what) => {
      if (typeof item !== 'number' || !Number.isFinite(item)) throw new ProtocolError(`${what} must be a finite number, got ${describe(item)}`);
      return item;
    });
  }

  strings(key: string): string[] {
    return this.array(key, (item, what) => {
      if (typeof item !== 'string') throw new ProtocolError(`${what} must be a string, got ${describe(item)}`);
      return item;
    });
  }

  /** A nested object, read by `read` under a name that locates it in the message. */
  object<T>(key: string, read: (value: unknown, what: string) => T): T {
    return read(this.fields[key], `${this.what}.${key}`);
  }

  /** An object whose values are all strings (metadata shown as text). */
  stringRecord(key: string): Record<string, string> {
    const value = this.fields[key];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.complaint(key, `must be an object, got ${describe(value)}`);
    const record: Record<string, string> = {};
    for (const [name, item] of Object.entries(value)) {
      if (typeof item !== 'string') throw this.complaint(key, `must map names to strings; "${name}" is ${describe(item)}`);
      record[name] = item;
    }
    return record;
  }

  array<T>(key: string, readItem: (item: unknown, what: string) => T): T[] {
    const value = this.fields[key];
    if (!Array.isArray(value)) throw this.complaint(key, `must be an array, got ${describe(value)}`);
    return value.map((item, i) => readItem(item, `${this.what}.${key}[${i}]`));
  }

  isNull(key: string): boolean {
    return this.fields[key] === null;
  }

  /** A complaint about a field whose parts disagree, for checks a single read cannot make. */
  complaintAbout(key: string, problem: string): ProtocolError {
    return this.complaint(key, problem);
  }

  private complaint(key: string, problem: string): ProtocolError {
    return new ProtocolError(`${this.what}: field "${key}" ${problem}`);
  }
}

/** A short description of a bad value for error messages, never the whole of a large payload. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return 'nothing';
  return String(value);
}

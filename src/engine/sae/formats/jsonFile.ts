import { promises as fs } from 'node:fs';
import { FormatError } from '../../io';

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a JSON file whose top level must be an object. */
export async function readJsonObject(path: string): Promise<JsonObject> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FormatError('not-found', path, 'file not found');
    throw new FormatError('io', path, `cannot read (${code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new FormatError('bad-json', path, `not valid JSON (${(err as Error).message})`);
  }
  if (!isJsonObject(json)) throw new FormatError('bad-json', path, 'top level must be a JSON object');
  return json;
}

/** Typed access to the keys of a config object; a missing or ill-typed key becomes a FormatError naming the file. */
export class JsonFields {
  constructor(
    readonly file: string,
    readonly json: JsonObject,
  ) {}

  has(key: string): boolean {
    return this.json[key] !== undefined && this.json[key] !== null;
  }

  positiveInt(key: string, fallback?: number): number {
    const value = this.has(key) ? this.json[key] : fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw this.bad(key, 'a positive integer');
    return value;
  }

  positiveNumber(key: string, fallback?: number): number {
    const value = this.has(key) ? this.json[key] : fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw this.bad(key, 'a positive number');
    return value;
  }

  number(key: string, fallback?: number): number {
    const value = this.has(key) ? this.json[key] : fallback;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.bad(key, 'a finite number');
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.has(key) ? this.json[key] : fallback;
    if (typeof value !== 'boolean') throw this.bad(key, 'true or false');
    return value;
  }

  optionalString(key: string): string | undefined {
    if (!this.has(key)) return undefined;
    const value = this.json[key];
    if (typeof value !== 'string') throw this.bad(key, 'a string');
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T {
    const value = this.has(key) ? this.json[key] : fallback;
    if (!allowed.includes(value as T)) throw this.bad(key, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
    return value as T;
  }

  optionalObject(key: string): JsonObject | undefined {
    if (!this.has(key)) return undefined;
    const value = this.json[key];
    if (!isJsonObject(value)) throw this.bad(key, 'a JSON object');
    return value;
  }

  private bad(key: string, wanted: string): FormatError {
    const found = this.has(key) ? JSON.stringify(this.json[key]) : 'missing';
    return new FormatError('bad-json', this.file, `"${key}" must be ${wanted} (found ${found})`);
  }
}

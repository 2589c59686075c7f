import { UsageError } from './args';

/** A numeric option's value, checked: the message names the option and what it needs. */
export function numberOption(name: string, value: string | undefined, fallback: number, check: 'positive' | 'non-negative' | 'integer' | 'positive-integer' | 'any' = 'any'): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  const ok =
    Number.isFinite(n) &&
    (check === 'any' ||
      (check === 'positive' && n > 0) ||
      (check === 'non-negative' && n >= 0) ||
      (check === 'integer' && Number.isInteger(n)) ||
      (check === 'positive-integer' && Number.isInteger(n) && n > 0));
  if (!ok) throw new UsageError(`--${name} needs a ${check.replace('-', ' ')} number, got '${value}'`);
  return n;
}

export function optionalNumber(name: string, value: string | undefined, check: Parameters<typeof numberOption>[3] = 'any'): number | undefined {
  return value === undefined ? undefined : numberOption(name, value, 0, check);
}

/** A comma-separated list of positive integers, e.g. `--prefixes 8,32,128`. */
export function integerList(name: string, value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => Number(s.trim()));
  if (items.length === 0 || items.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new UsageError(`--${name} needs comma-separated positive integers, got '${value}'`);
  }
  return items;
}

/** A command line the user got wrong: the message says what to fix. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What a command accepts: named positionals in order, and boolean flags with their help text. */
export interface ArgSpec<P extends string, F extends string> {
  positionals: readonly P[];
  flags: Readonly<Record<F, string>>;
}

export interface ParsedArgs<P extends string, F extends string> {
  positionals: Record<P, string>;
  flags: Record<F, boolean>;
}

/** Parses a command's arguments: `--flag`s anywhere, positionals in order, `--` ends the flags. */
export function parseArgs<P extends string, F extends string>(argv: readonly string[], spec: ArgSpec<P, F>): ParsedArgs<P, F> {
  const flagNames = Object.keys(spec.flags) as F[];
  const flags = Object.fromEntries(flagNames.map((f) => [f, false])) as Record<F, boolean>;
  const values: string[] = [];
  let flagsEnded = false;
  for (const arg of argv) {
    if (flagsEnded || arg === '-' || !arg.startsWith('-')) {
      values.push(arg);
    } else if (arg === '--') {
      flagsEnded = true;
    } else {
      const [name, value] = splitOption(arg);
      if (!flagNames.includes(name as F)) throw new UsageError(`unknown option '${arg}'`);
      if (value !== undefined) throw new UsageError(`option '--${name}' takes no value`);
      flags[name as F] = true;
    }
  }
  if (values.length > spec.positionals.length) throw new UsageError(`unexpected argument '${values[spec.positionals.length]}'`);
  const missing = spec.positionals.slice(values.length);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((p) => `<${p}>`).join(' ')}`);
  const positionals = Object.fromEntries(spec.positionals.map((p, i) => [p, values[i]])) as Record<P, string>;
  return { positionals, flags };
}

/** `--name` or `--name=value` → [name, value]; single-dash options are not ours, so they name themselves. */
function splitOption(arg: string): [string, string | undefined] {
  if (!arg.startsWith('--')) return [arg, undefined];
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg.slice(2), undefined] : [arg.slice(2, eq), arg.slice(eq + 1)];
}

/** A command line the user got wrong: the message says what to fix. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * What a command accepts: named positionals in order, boolean flags, and options that take a value
 * (`--name value` or `--name=value`), each with its help text.
 */
export interface ArgSpec<P extends string, F extends string, O extends string = never> {
  positionals: readonly P[];
  /** How many of the last positionals may be left out; a left-out positional is undefined (default 0). */
  optionalPositionals?: number;
  flags: Readonly<Record<F, string>>;
  options?: Readonly<Record<O, string>>;
}

export interface ParsedArgs<P extends string, F extends string, O extends string = never> {
  positionals: Record<P, string>;
  flags: Record<F, boolean>;
  options: Partial<Record<O, string>>;
}

/** Parses a command's arguments: `--flag`s and `--option value`s anywhere, positionals in order, `--` ends them. */
export function parseArgs<P extends string, F extends string, O extends string = never>(
  argv: readonly string[],
  spec: ArgSpec<P, F, O>,
): ParsedArgs<P, F, O> {
  const flagNames = Object.keys(spec.flags) as F[];
  const optionNames = Object.keys(spec.options ?? {}) as O[];
  const flags = Object.fromEntries(flagNames.map((f) => [f, false])) as Record<F, boolean>;
  const options: Partial<Record<O, string>> = {};
  const values: string[] = [];
  let flagsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (flagsEnded || arg === '-' || !arg.startsWith('-')) {
      values.push(arg);
    } else if (arg === '--') {
      flagsEnded = true;
    } else {
      const [name, value] = splitOption(arg);
      if (optionNames.includes(name as O)) {
        const given = value ?? argv[++i];
        if (given === undefined) throw new UsageError(`option '--${name}' needs a value`);
        options[name as O] = given;
      } else if (flagNames.includes(name as F)) {
        if (value !== undefined) throw new UsageError(`option '--${name}' takes no value`);
        flags[name as F] = true;
      } else {
        throw new UsageError(`unknown option '${arg}'`);
      }
    }
  }
  if (values.length > spec.positionals.length) throw new UsageError(`unexpected argument '${values[spec.positionals.length]}'`);
  const missing = spec.positionals.slice(values.length, spec.positionals.length - (spec.optionalPositionals ?? 0));
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((p) => `<${p}>`).join(' ')}`);
  const positionals = Object.fromEntries(spec.positionals.map((p, i) => [p, values[i]])) as Record<P, string>;
  return { positionals, flags, options };
}

/** `--name` or `--name=value` → [name, value]; single-dash options are not ours, so they name themselves. */
function splitOption(arg: string): [string, string | undefined] {
  if (!arg.startsWith('--')) return [arg, undefined];
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg.slice(2), undefined] : [arg.slice(2, eq), arg.slice(eq + 1)];
}

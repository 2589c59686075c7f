import { UsageError } from './args';
import type { CliCommand } from './command';

export type CommandLine =
  | { action: 'help' }
  | { action: 'version' }
  | { action: 'commandHelp'; command: CliCommand }
  | { action: 'run'; command: CliCommand; args: string[] };

const HELP_FLAGS = ['--help', '-h'];

/** Picks the action from the first argument; the command parses the rest itself. */
export function parseCommandLine(argv: readonly string[], commands: readonly CliCommand[]): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || HELP_FLAGS.includes(first)) return { action: 'help' };
  if (first === '--version') return { action: 'version' };
  if (first.startsWith('-')) throw new UsageError(`unknown option '${first}'`);
  const command = commands.find((c) => c.name === first);
  if (!command) throw new UsageError(`unknown command '${first}'`);
  const flagsEnd = rest.indexOf('--');
  const flags = flagsEnd < 0 ? rest : rest.slice(0, flagsEnd);
  if (flags.some((arg) => HELP_FLAGS.includes(arg))) return { action: 'commandHelp', command };
  return { action: 'run', command, args: rest };
}

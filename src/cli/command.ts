import type { ArgSpec, ParsedArgs } from './args';

/** One `saescope <name>` subcommand: its arguments, its help line, and what it does. */
export interface CliCommand<P extends string = string, F extends string = string> {
  name: string;
  summary: string;
  args: ArgSpec<P, F>;
  run(args: ParsedArgs<P, F>): Promise<void>;
}

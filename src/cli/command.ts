import type { ArgSpec, ParsedArgs } from './args';

/** One `saescope <name>` subcommand: its arguments, its help line, and what it does. */
export interface CliCommand<P extends string = string, F extends string = string, O extends string = string> {
  name: string;
  summary: string;
  args: ArgSpec<P, F, O>;
  run(args: ParsedArgs<P, F, O>): Promise<void>;
}

import type { CliCommand } from './command';

export function generalHelp(commands: readonly CliCommand[]): string {
  const usages = commands.map(usage);
  const width = Math.max(...usages.map((u) => u.length));
  return [
    'saescope: the SAE Scope engine on the command line',
    '',
    'Usage:',
    '  saescope <command> [options]',
    '  saescope --help | --version',
    '',
    'Commands:',
    ...commands.map((c, i) => `  ${usages[i].padEnd(width)}  ${c.summary}`),
    '',
    "Run 'saescope <command> --help' for a command's options.",
  ].join('\n');
}

export function commandHelp(command: CliCommand): string {
  const flags = Object.entries(command.args.flags);
  const width = Math.max(...flags.map(([name]) => name.length + 2));
  return [
    `Usage: saescope ${usage(command)}`,
    '',
    command.summary,
    ...(flags.length > 0 ? ['', 'Options:', ...flags.map(([name, text]) => `  ${`--${name}`.padEnd(width)}  ${text}`)] : []),
  ].join('\n');
}

function usage(command: CliCommand): string {
  const positionals = command.args.positionals.map((p) => `<${p}>`);
  const flags = Object.keys(command.args.flags).map((f) => `[--${f}]`);
  return [command.name, ...positionals, ...flags].join(' ');
}

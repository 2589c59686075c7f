import type { CliCommand } from './command';

export function generalHelp(commands: readonly CliCommand[]): string {
  // Options are listed by '<command> --help'; here each command keeps to one short line.
  const usages = commands.map(shortUsage);
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
  const entries = [
    ...Object.entries<string>(command.args.options ?? {}).map(([name, text]) => [`--${name} <value>`, text]),
    ...Object.entries<string>(command.args.flags).map(([name, text]) => [`--${name}`, text]),
  ];
  const width = Math.max(...entries.map(([name]) => name.length));
  return [
    `Usage: saescope ${usage(command)}`,
    '',
    command.summary,
    ...(entries.length > 0 ? ['', 'Options:', ...entries.map(([name, text]) => `  ${name.padEnd(width)}  ${text}`)] : []),
  ].join('\n');
}

function positionals(command: CliCommand): string[] {
  const required = command.args.positionals.length - (command.args.optionalPositionals ?? 0);
  return command.args.positionals.map((p, i) => (i < required ? `<${p}>` : `[<${p}>]`));
}

function usage(command: CliCommand): string {
  const options = Object.keys(command.args.options ?? {}).map((o) => `[--${o} <value>]`);
  const flags = Object.keys(command.args.flags).map((f) => `[--${f}]`);
  return [command.name, ...positionals(command), ...options, ...flags].join(' ');
}

function shortUsage(command: CliCommand): string {
  const hasOptions = Object.keys(command.args.options ?? {}).length + Object.keys(command.args.flags).length > 0;
  return [command.name, ...positionals(command), ...(hasOptions ? ['[options]'] : [])].join(' ');
}

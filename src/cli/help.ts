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

function usage(command: CliCommand): string {
  const required = command.args.positionals.length - (command.args.optionalPositionals ?? 0);
  const positionals = command.args.positionals.map((p, i) => (i < required ? `<${p}>` : `[<${p}>]`));
  const options = Object.keys(command.args.options ?? {}).map((o) => `[--${o} <value>]`);
  const flags = Object.keys(command.args.flags).map((f) => `[--${f}]`);
  return [command.name, ...positionals, ...options, ...flags].join(' ');
}

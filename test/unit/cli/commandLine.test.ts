import assert from 'node:assert/strict';
import { UsageError } from '../../../src/cli/args';
import type { CliCommand } from '../../../src/cli/command';
import { parseCommandLine } from '../../../src/cli/commandLine';
import { commandHelp, generalHelp } from '../../../src/cli/help';

const inspect: CliCommand<'file', 'json'> = {
  name: 'inspect',
  summary: 'Summarise a file',
  args: { positionals: ['file'], flags: { json: 'print JSON' } },
  run: async () => {},
};
const commands: CliCommand[] = [inspect];

describe('cli/commandLine', () => {
  it('answers help for nothing, --help and -h', () => {
    for (const argv of [[], ['--help'], ['-h']]) assert.deepEqual(parseCommandLine(argv, commands), { action: 'help' });
  });

  it('answers version for --version', () => {
    assert.deepEqual(parseCommandLine(['--version'], commands), { action: 'version' });
  });

  it('hands the rest of the line to the named command', () => {
    assert.deepEqual(parseCommandLine(['inspect', 'a.npy', '--json'], commands), {
      action: 'run',
      command: inspect,
      args: ['a.npy', '--json'],
    });
  });

  it("answers a command's help when --help comes before --", () => {
    assert.deepEqual(parseCommandLine(['inspect', '--help'], commands), { action: 'commandHelp', command: inspect });
    assert.equal(parseCommandLine(['inspect', '--', '--help'], commands).action, 'run');
  });

  it('rejects unknown commands and options', () => {
    assert.throws(() => parseCommandLine(['frob'], commands), new UsageError("unknown command 'frob'"));
    assert.throws(() => parseCommandLine(['--frob'], commands), new UsageError("unknown option '--frob'"));
  });
});

describe('cli/help', () => {
  it('lists each command with its positionals and summary, its options left to its own help', () => {
    assert.match(generalHelp(commands), /^ {2}inspect <file> \[options\] {2}Summarise a file$/m);
  });

  it("describes a command's options", () => {
    assert.equal(
      commandHelp(inspect),
      ['Usage: saescope inspect <file> [--json]', '', 'Summarise a file', '', 'Options:', '  --json  print JSON'].join('\n'),
    );
  });
});

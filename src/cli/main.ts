/** Entry point of the `saescope` command-line tool. */
import { parseArgs, UsageError } from './args';
import { parseCommandLine } from './commandLine';
import { commands } from './commands/index';
import { commandHelp, generalHelp } from './help';

async function main(argv: readonly string[]): Promise<void> {
  const line = parseCommandLine(argv, commands);
  switch (line.action) {
    case 'help':
      console.log(generalHelp(commands));
      return;
    case 'version': {
      // Commands import the engine on use, so that help and usage errors answer without loading ONNX Runtime.
      const { ENGINE_VERSION } = await import('../engine/version');
      console.log(ENGINE_VERSION);
      return;
    }
    case 'commandHelp':
      console.log(commandHelp(line.command));
      return;
    case 'run':
      await line.command.run(parseArgs(line.args, line.command.args));
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(`saescope: ${e instanceof Error ? e.message : String(e)}`);
  if (e instanceof UsageError) console.error("Run 'saescope --help' for usage.");
  process.exitCode = 1;
});

import type { CliCommand } from '../command';
import { progressLog } from '../progressLog';

export const benchCommand: CliCommand<never, 'json' | 'quick'> = {
  name: 'bench',
  summary: 'Time the engine on this machine',
  args: {
    positionals: [],
    flags: { json: 'print the report as JSON on stdout (progress goes to stderr)', quick: 'run a short version' },
  },
  async run({ flags }) {
    const { runBench } = await import('../../engine/bench/index');
    const report = await runBench({ quick: flags.quick, log: progressLog(flags.json) });
    if (flags.json) console.log(JSON.stringify(report, null, 2));
  },
};

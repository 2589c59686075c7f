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
    const log = progressLog(flags.json);
    const report = await runBench({ quick: flags.quick, log });
    // The extension host's figures need the bundled engine worker beside this build; a child part runs alone.
    const { childPart } = await import('../../engine/bench/childPart');
    const { l0HostStallBench } = await import('../../extension/bench/l0HostStall');
    const full = childPart() ? report : { ...report, l0HostStall: await l0HostStallBench({ quick: flags.quick, log }) };
    if (flags.json) console.log(JSON.stringify(full, null, 2));
  },
};

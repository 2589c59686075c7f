import type { CliCommand } from '../command';
import { progressLog } from '../progressLog';

export const demoCommand: CliCommand<never, 'json'> = {
  name: 'demo',
  summary: 'Train a small model on built-in data and print the loss',
  args: { positionals: [], flags: { json: 'print the report as JSON on stdout (progress goes to stderr)' } },
  async run({ flags }) {
    const { runDemo } = await import('../../engine/demo');
    const report = await runDemo({ log: progressLog(flags.json) });
    if (flags.json) console.log(JSON.stringify(report, null, 2));
  },
};

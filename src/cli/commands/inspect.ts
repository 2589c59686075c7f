import type { CliCommand } from '../command';
import { summaryLines } from '../summaryText';

export const inspectCommand: CliCommand<'file', 'json'> = {
  name: 'inspect',
  summary: 'Summarise a weight or model file: format, tensors (name, dtype, shape), metadata',
  args: { positionals: ['file'], flags: { json: 'print the summary as JSON' } },
  async run({ positionals, flags }) {
    const { inspectFile } = await import('../../engine/io/index');
    const summary = await inspectFile(positionals.file);
    console.log(flags.json ? JSON.stringify(summary, null, 2) : summaryLines(summary).join('\n'));
  },
};

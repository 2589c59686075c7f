import { stat } from 'node:fs/promises';
import type { CliCommand } from '../command';
import { summaryLines } from '../summaryText';

export const inspectCommand: CliCommand<'file', 'json'> = {
  name: 'inspect',
  summary: 'Summarise an SAE (folder or file: format, architecture, d_in, d_sae, dtype, tensors) or any weight or model file',
  args: { positionals: ['file'], flags: { json: 'print the summary as JSON' } },
  async run({ positionals, flags }) {
    const summary = await summarize(positionals.file);
    console.log(flags.json ? JSON.stringify(summary, null, 2) : summaryLines(summary).join('\n'));
  },
};

/** An SAE's summary when the path holds one; otherwise the file's tensors (or the ONNX graph's interface). */
async function summarize(path: string): Promise<object> {
  const { loadSae, summarizeSae } = await import('../../engine/sae/formats');
  const { FormatError, inspectFile } = await import('../../engine/io');
  if ((await stat(path).catch(() => undefined))?.isDirectory()) return summarizeSae(await loadSae(path));
  try {
    return summarizeSae(await loadSae(path));
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    return inspectFile(path);
  }
}

import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { numberOption, optionalNumber } from '../numbers';
import { progressLog } from '../progressLog';

export const toyCommand: CliCommand<'preset', 'json' | 'list', 'steps' | 'seed' | 'out' | 'checkpoint-every' | 'set' | 'onnx' | 'onnx-batch'> = {
  name: 'toy',
  summary: "Train a toy model (superposition, regressions, grokking, peaked softmax, deep linear, truth transformer) and save checkpoints",
  args: {
    positionals: ['preset'],
    flags: { json: 'print the run (config, records, checkpoints) as JSON', list: "list the presets and their defaults (give 'all' as the preset)" },
    options: {
      steps: "training steps (default: the preset's)",
      seed: 'seed for initialisation and data (default 0)',
      out: 'folder for the checkpoints step_<n>.safetensors (default: no files)',
      'checkpoint-every': 'checkpoint every N steps (the last step is always saved when --out is given)',
      set: 'override preset numbers: key=value,key=value',
      onnx: 'after training, export the model as an ONNX inference model with hook outputs (models that have one: truth-transformer)',
      'onnx-batch': 'batch size of the exported ONNX model (default 64)',
    },
  },
  async run({ positionals, flags, options }) {
    const { TOY_MODEL_PRESETS, toyModelPreset } = await import('../../engine/toys/models/registry');
    if (flags.list) {
      const presets = positionals.preset === 'all' ? TOY_MODEL_PRESETS : [toyModelPreset(positionals.preset)];
      const listing = presets.map((p) => ({ name: p.name, summary: p.summary, defaults: p.defaults }));
      console.log(flags.json ? JSON.stringify(listing, null, 2) : listing.map((p) => `${p.name}: ${p.summary}\n  ${JSON.stringify(p.defaults)}`).join('\n'));
      return;
    }
    const preset = toyModelPreset(positionals.preset);
    if (options.onnx && !preset.exportOnnx) throw new UsageError(`${preset.name} has no ONNX export`);
    const run = await preset.train({
      steps: optionalNumber('steps', options.steps, 'positive-integer'),
      seed: numberOption('seed', options.seed, 0, 'integer'),
      overrides: overrides(options.set),
      log: progressLog(flags.json),
      outDir: options.out,
      checkpointEvery: optionalNumber('checkpoint-every', options['checkpoint-every'], 'positive-integer'),
    });
    if (options.onnx && !run.cancelled) await preset.exportOnnx!(run, options.onnx, numberOption('onnx-batch', options['onnx-batch'], 64, 'positive-integer'));
    const summary = { preset: run.preset, config: run.config, steps: run.steps, cancelled: run.cancelled, records: run.records, checkpoints: run.checkpoints };
    if (flags.json) console.log(JSON.stringify(summary, null, 2));
    else console.log(`${run.preset}: ${run.steps} steps; last record ${JSON.stringify(run.records[run.records.length - 1] ?? {})}${run.checkpoints.length ? `; checkpoints in ${options.out}` : ''}`);
  },
};

export function overrides(text: string | undefined): Record<string, number> | undefined {
  if (text === undefined) return undefined;
  const out: Record<string, number> = {};
  for (const pair of text.split(',')) {
    const [key, value] = pair.split('=');
    const n = Number(value);
    if (!key || value === undefined || !Number.isFinite(n)) throw new UsageError(`--set needs key=number pairs separated by commas, got '${pair}'`);
    out[key.trim()] = n;
  }
  return out;
}

import type { CliCommand } from '../command';
import { numberOption } from '../numbers';
import { progressLog } from '../progressLog';
import { metricLines } from '../metricText';

export const evalCommand: CliCommand<'sae', 'json', 'data' | 'rows' | 'batch' | 'seed'> = {
  name: 'eval',
  summary: 'Evaluate an SAE on activations: reconstruction, sparsity, density, redundancy, and ground truth for toys',
  args: {
    positionals: ['sae'],
    flags: { json: 'print the metrics as JSON' },
    options: {
      data: 'activation source (default toy:large)',
      rows: 'rows to evaluate (default 65536)',
      batch: 'rows per batch (default 1024)',
      seed: 'sample seed for toy sources and shuffling (default 1)',
    },
  },
  async run({ positionals, flags, options }) {
    const { loadSae } = await import('../../engine/sae/formats/registry');
    const { evaluateSae } = await import('../../engine/sae/evaluate');
    const { openSource, DEFAULT_SOURCE } = await import('../../engine/sources');
    const sae = await loadSae(positionals.sae);
    const data = options.data ?? DEFAULT_SOURCE;
    const { source, truth } = await openSource(data, { seed: numberOption('seed', options.seed, 1, 'integer'), shuffle: true, loop: true, expectDIn: sae.cfg.d_in });
    try {
      const rows = numberOption('rows', options.rows, 65536, 'positive-integer');
      progressLog(flags.json)(`evaluating ${positionals.sae} (${sae.cfg.architecture}, d_in ${sae.cfg.d_in}, d_sae ${sae.cfg.d_sae}) on ${rows} rows of ${source.describe()}`);
      const e = await evaluateSae(sae, source, {
        rows,
        batch: numberOption('batch', options.batch, 1024, 'positive-integer'),
        truth: truth ? { features: truth.features, count: truth.nFeatures } : undefined,
      });
      if (flags.json) {
        const histogram = { log10Edges: Array.from(e.histogram.log10Edges), counts: Array.from(e.histogram.counts), dead: e.histogram.dead };
        console.log(JSON.stringify({ sae: positionals.sae, data, rows: e.rows, metrics: e.metrics, histogram }, null, 2));
      } else {
        for (const line of metricLines(e.metrics)) console.log(line);
      }
    } finally {
      await source.close();
    }
  },
};

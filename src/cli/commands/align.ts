import type { AlignmentResult } from '../../engine/diagnostics/alignment/runAlignment';
import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { numberOption, optionalNumber } from '../numbers';
import { progressLog } from '../progressLog';

type Option = 'data' | 'sae' | 'width' | 'k' | 'lr' | 'batch' | 'sae-steps' | 'eval-rows' | 'seed' | 'folds';

export const alignCommand: CliCommand<'a' | 'b', 'json', Option> = {
  name: 'align',
  summary: 'Alignment after disentanglement: semi-matching, soft-matching and ridge predictivity of A → B, for neurons and SAE latents',
  args: {
    positionals: ['a', 'b'],
    flags: { json: 'print the result as JSON (progress goes to stderr)' },
    options: {
      data: 'stimuli for toy-model checkpoints: an activation source of feature vectors (default: the stream the models were trained on, else toy:longon)',
      sae: 'use these SAEs (folders or files, any loadable format) for A and B instead of training ToySAEs: <saeA>,<saeB>',
      width: 'ToySAE latents (default: the toy\'s feature count, or 4·units for activation files)',
      k: 'ToySAE TopK k (default 7)',
      lr: 'ToySAE AdamW learning rate (default 1e-3)',
      batch: 'ToySAE batch rows (default 1024)',
      'sae-steps': 'ToySAE training steps (default: one epoch over the first 80% of the rows, or of the rows the toy models were trained on)',
      'eval-rows': 'held-out rows the metrics use (default 10000)',
      seed: 'seed of the SAE initialisation and of toy stimuli samples (default 0)',
      folds: 'cross-validation folds (default 5; the shuffle seed is 42 as in the paper)',
    },
  },
  async run({ positionals, flags, options }) {
    const { resolveModelInput } = await import('../../engine/diagnostics/alignment/modelInput');
    const { runAlignment } = await import('../../engine/diagnostics/alignment/runAlignment');
    const { loadSae } = await import('../../engine/sae/formats/registry');
    let sae;
    if (options.sae !== undefined) {
      const paths = options.sae.split(',');
      if (paths.length !== 2 || paths.some((p) => p === '')) throw new UsageError(`--sae needs two SAEs, <saeA>,<saeB>; got '${options.sae}'`);
      sae = { a: await loadSae(paths[0]), b: await loadSae(paths[1]) };
    }
    const log = progressLog(flags.json);
    const result = await runAlignment({
      a: await resolveModelInput(positionals.a),
      b: await resolveModelInput(positionals.b),
      data: options.data,
      sae,
      width: optionalNumber('width', options.width, 'positive-integer'),
      k: optionalNumber('k', options.k, 'positive-integer'),
      lr: optionalNumber('lr', options.lr, 'positive'),
      batch: optionalNumber('batch', options.batch, 'positive-integer'),
      saeSteps: optionalNumber('sae-steps', options['sae-steps'], 'positive-integer'),
      evalRows: optionalNumber('eval-rows', options['eval-rows'], 'positive-integer'),
      seed: numberOption('seed', options.seed, 0, 'integer'),
      folds: optionalNumber('folds', options.folds, 'positive-integer'),
      log,
    });
    if (flags.json) console.log(JSON.stringify(result, null, 2));
    else for (const line of alignmentLines(result)) console.log(line);
  },
};

/** The comparison table with fold SEMs, the SAE→SAE change, each side's SAE, and the formulas. */
function alignmentLines(r: AlignmentResult): string[] {
  const metrics = ['semi', 'soft', 'ridge'] as const;
  const cell = (s: { mean: number; sem: number }) => `${s.mean.toFixed(3)} ± ${s.sem.toFixed(3)}`.padEnd(17);
  const row = (label: string, cells: string[]) => `${label.padEnd(16)}${cells.join('')}`.trimEnd();
  const lines = [
    `rows: SAE training ${r.rows.saeTraining}, held-out ${r.rows.evaluated} from row ${r.rows.heldOutStart}; ${r.protocol.folds}-fold CV (seed ${r.protocol.cvSeed})`,
  ];
  for (const [name, side] of [['A', r.a], ['B', r.b]] as const) {
    const s = side.sae;
    const fit = `held-out FVE ${s.heldOut.explainedVariance.toFixed(3)}, L0 ${s.heldOut.l0.toFixed(2)}, dead ${s.heldOut.deadLatents}`;
    const recovery = side.recovery ? `; decoder MMCS ${side.recovery.mmcs.toFixed(3)} over ${side.recovery.represented} represented features` : '';
    lines.push(`${name}: ${side.label} (${side.units} units); ${s.origin} SAE, ${s.width} latents${s.k ? `, k ${s.k}` : ''}${s.steps ? `, ${s.steps} steps` : ''}; ${fit}${recovery}`);
  }
  lines.push('', row('comparison', ['semi-matching'.padEnd(17), 'soft-matching'.padEnd(17), 'ridge']));
  for (const c of r.table) lines.push(row(c.comparison, metrics.map((m) => cell(c[m]))));
  const change = (c: { difference: number; relative: number }) => `${c.difference >= 0 ? '+' : ''}${c.difference.toFixed(3)} (${c.relative >= 0 ? '+' : ''}${(100 * c.relative).toFixed(0)}%)`.padEnd(17);
  lines.push(row('SAE→SAE − N→N', metrics.map((m) => change(r.change[m]))), '');
  lines.push(...metrics.map((m) => `${m}: ${r.protocol.formulas[m]}`));
  return lines;
}

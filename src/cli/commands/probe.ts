import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { numberOption, optionalNumber } from '../numbers';
import { progressLog } from '../progressLog';
import { overrides } from './toy';

type Option = 'labels' | 'layer' | 'folds' | 'norm' | 'steps' | 'seed' | 'set';

export const probeCommand: CliCommand<'activations', 'json', Option> = {
  name: 'probe',
  summary: "Linear probes (logistic regression and mean difference) for a binary label: held-out AUC and accuracy on raw and row-normalised activations; toy:truth trains the truth toy and probes each position",
  args: {
    positionals: ['activations'],
    flags: { json: 'print the result as JSON (progress goes to stderr)' },
    options: {
      labels: 'labels, one per activation row: .npy, a JSON array, or one 0/1 per line',
      layer: 'the tensor to probe in a .safetensors or .npz file',
      folds: 'stratified folds (default 2: train on one half, score the other, both ways)',
      norm: "per-row normalisation compared with the raw activations: 'layernorm' (default) or 'rms' (toy:truth: always the model's own, v/‖v‖)",
      steps: 'toy:truth: training steps (default 4000)',
      seed: 'toy:truth: seed (default 0)',
      set: 'toy:truth: preset numbers key=value,… (n, rho, batch, lr, probePerClass)',
    },
  },
  async run({ positionals, flags, options }) {
    const { probeActivationFile, probeTruthToy } = await import('../../engine/diagnostics/probes');
    const folds = numberOption('folds', options.folds, 2, 'positive-integer');
    if (folds < 2) throw new UsageError(`--folds needs at least 2, got ${folds}`);
    const norm = options.norm ?? 'layernorm';
    if (norm !== 'layernorm' && norm !== 'rms') throw new UsageError(`--norm is 'layernorm' or 'rms', got '${norm}'`);
    if (positionals.activations === 'toy:truth' || positionals.activations === 'toy:truth-toy') {
      const report = await probeTruthToy({ steps: optionalNumber('steps', options.steps, 'positive-integer'), seed: numberOption('seed', options.seed, 0, 'integer'), overrides: overrides(options.set), folds, log: progressLog(flags.json) });
      if (flags.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      console.log(`${report.preset}: ${report.steps} steps, N = ${report.config.n}, ρ = ${report.config.rho}; memorize-only P(g(x')) = ${report.memorizeOnly.toFixed(4)}`);
      for (const p of report.positions) {
        const attribute = p.pTrueAttributeTrue === undefined ? '' : `; P(true attribute) true ${p.pTrueAttributeTrue.toFixed(4)} (Bayes ${p.bayesTrue!.toFixed(4)}), false ${p.pTrueAttributeFalse!.toFixed(4)} (Bayes ${p.bayesFalse!.toFixed(4)})`;
        console.log(`at ${p.position} (predicting ${p.predicts}): P(next) true ${p.pNextTrue.toFixed(4)}, false ${p.pNextFalse.toFixed(4)}${attribute}; ‖v‖ true/false ${p.normRatio.toFixed(3)}`);
        for (const line of probeLines(p.probes)) console.log(`  ${line}`);
      }
      return;
    }
    if (!options.labels) throw new UsageError('--labels <file> is required (one 0/1 label per activation row)');
    const report = await probeActivationFile(positionals.activations, options.labels, { layer: options.layer, folds, normalisation: norm });
    if (flags.json) {
      console.log(JSON.stringify(report, null, 2));
      return;
    }
    console.log(`${report.activations}${report.layer ? ` [${report.layer}]` : ''}: ${report.rows} rows × ${report.d}, ${report.positives} positive`);
    for (const line of probeLines(report)) console.log(line);
  },
};

type Probes = Awaited<ReturnType<typeof import('../../engine/diagnostics/probes').probeActivationFile>>;

function probeLines(r: Pick<Probes, 'raw' | 'normalised' | 'folds' | 'normalisation'>): string[] {
  const s = (x: { mean: number; std: number }) => `${x.mean.toFixed(3)} ± ${x.std.toFixed(3)}`;
  const row = (name: string, p: Probes['raw']) =>
    `${name.padEnd(11)} logistic AUC ${s(p.logistic.auc)}, accuracy ${s(p.logistic.accuracy)}; mean-difference AUC ${s(p.meanDifference.auc)}, accuracy ${s(p.meanDifference.accuracy)}`;
  return [`held-out over ${r.folds} folds (mean ± std across folds):`, row('raw', r.raw), row('normalised', r.normalised), `normalised: ${r.normalisation}`];
}

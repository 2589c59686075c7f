import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { integerList, numberOption, optionalNumber } from '../numbers';
import { progressLog } from '../progressLog';

type Option = 'regime' | 'alpha' | 'm' | 'n' | 'steps' | 'batch' | 'lr' | 'warmup' | 'weight-decay' | 'seed';

export const superpositionScalingCommand: CliCommand<never, 'json', Option> = {
  name: 'superposition-scaling',
  summary: 'Loss against width in the superposition toy: per-m loss, fraction of features represented, row overlap against 1/m, and the fitted exponent α_m',
  args: {
    positionals: [],
    flags: { json: 'print the result as JSON (progress goes to stderr)' },
    options: {
      regime: "'strong' (signed weight decay γ = −1, default) or 'weak' (γ = +1)",
      alpha: 'exponent of the feature frequencies p_i ∝ i^−α (default 1)',
      m: 'widths, comma-separated (default 4,6,8,12,16)',
      n: 'features (default 128)',
      steps: 'training steps per width (default 3000)',
      batch: 'batch size (default 256)',
      lr: 'peak learning rate (default 0.01)',
      warmup: 'warm-up steps (default a tenth of the steps)',
      'weight-decay': 'γ itself, overriding the regime\'s',
      seed: 'seed (default 0)',
    },
  },
  async run({ flags, options }) {
    const { runSuperpositionScaling } = await import('../../engine/diagnostics/scaling');
    const regime = options.regime ?? 'strong';
    if (regime !== 'strong' && regime !== 'weak') throw new UsageError(`--regime is 'strong' or 'weak', got '${regime}'`);
    const r = await runSuperpositionScaling({
      regime,
      weightDecay: optionalNumber('weight-decay', options['weight-decay']),
      alpha: numberOption('alpha', options.alpha, 1, 'non-negative'),
      widths: integerList('m', options.m),
      features: numberOption('n', options.n, 128, 'positive-integer'),
      steps: optionalNumber('steps', options.steps, 'positive-integer'),
      batch: optionalNumber('batch', options.batch, 'positive-integer'),
      lr: optionalNumber('lr', options.lr, 'positive'),
      warmup: optionalNumber('warmup', options.warmup, 'integer'),
      seed: numberOption('seed', options.seed, 0, 'integer'),
      log: progressLog(flags.json),
    });
    if (flags.json) {
      console.log(JSON.stringify(r, null, 2));
      return;
    }
    console.log(`${r.regime} regime (γ = ${r.weightDecay}), α = ${r.alpha}, n = ${r.features}, ${r.steps} steps × ${r.batch}, seed ${r.seed}`);
    console.log('    m        loss     φ_1/2  overlap  overlap·m  mean ‖W_i‖  unrepresented loss');
    for (const w of r.widths) {
      const overlap = w.meanSquaredOverlap === null ? '—' : w.meanSquaredOverlap.toFixed(4);
      const times = w.overlapTimesM === null ? '—' : w.overlapTimesM.toFixed(3);
      console.log(`${String(w.m).padStart(5)}  ${w.loss.toExponential(3).padStart(10)}  ${w.fractionRepresented.toFixed(3).padStart(8)}  ${overlap.padStart(7)}  ${times.padStart(9)}  ${w.meanRowNorm.toFixed(3).padStart(10)}  ${w.unrepresentedLoss.toExponential(3).padStart(18)}`);
    }
    if (r.exponent) console.log(`L ∝ m^−α_m: α_m = ${r.exponent.alpha.toFixed(3)} ± ${r.exponent.alphaStdError.toFixed(3)} (R² ${r.exponent.rSquared.toFixed(3)})`);
    console.log(`theory: ${r.theory}`);
  },
};

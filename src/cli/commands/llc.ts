import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { numberOption, optionalNumber } from '../numbers';
import { progressLog } from '../progressLog';
import { numberList } from './mixing';
import { overrides } from './toy';
import type { FamilyLlcResult } from '../../engine/diagnostics/slt/familyLlc';
import { FREE_ENERGY_OPTIONS, GROKKING_EVENT_OPTIONS, RUN_LLC_OPTIONS, checkLlcForm, llcAcrossRun } from './llcRun';

type Option = 'model' | 'x' | 'y' | 'set' | 'chains' | 'draws' | 'burn-in' | 'epsilon' | 'gamma' | 'nbeta' | 'batch' | 'seed' | 'box' | 'calibrate-epsilons' | 'calibrate-nbetas';
type Flag = 'json' | 'fit' | 'rmsprop' | 'calibrate';
/** Options of the `<run>` form only (see llcRun.ts). */
type RunOption = keyof typeof RUN_LLC_OPTIONS | keyof typeof GROKKING_EVENT_OPTIONS | keyof typeof FREE_ENERGY_OPTIONS;

export const llcCommand: CliCommand<'run', Flag, Option | RunOption> = {
  name: 'llc',
  summary: 'Local learning coefficient by SGLD (devinterp semantics): fit a regression family to given or built-in data and estimate λ̂ with its health checks; or, given a toy run folder, λ̂ at its checkpoints beside the loss curve, its stages and ΔF between them',
  args: {
    positionals: ['run'],
    optionalPositionals: 1,
    flags: {
      json: 'print the result as JSON (progress goes to stderr)',
      fit: 'fit the family to --x/--y (least squares for linear and polynomial, full-batch Adam otherwise) and estimate at the fit',
      rmsprop: 'RMSProp-preconditioned SGLD (α 0.99, eps 0.1)',
      calibrate: 'also run an ε × nβ grid (ε at 1/10 … 10 times --epsilon, nβ at ½, 1, 2 times --nbeta) and recommend ε',
    },
    options: {
      model: 'the family: linear | rrr | normal-crossing | polynomial',
      x: 'inputs, a .npy of [n, d] (or [n]); needs --y and --fit',
      y: 'targets, a .npy of [n, q] (or [n])',
      set: 'family parameters, key=value,…: linear inputDim, rows, noise; rrr inputs, hidden, outputs, rank, rows, noise, steps, lr; normal-crossing power1, power2, inputStd, noise, rows; polynomial degree, halfWidth, rows, noise',
      chains: 'chains (default 4)',
      draws: 'draws per chain (default 2000)',
      'burn-in': 'steps before the first draw (default 500)',
      epsilon: 'step size ε (default 1e-4)',
      gamma: 'localisation γ (default 1)',
      nbeta: 'nβ (default n/ln n)',
      batch: 'minibatch rows per step (default: n, full batch, for --model; min(32, n) for a run\'s checkpoints where the family sets none)',
      seed: 'seed of the synthetic data, the fit, the noise and the minibatches (default 0)',
      box: 'bounding box: clamp weights to w* ± box',
      'calibrate-epsilons': 'ε values of the calibration grid, comma-separated',
      'calibrate-nbetas': 'nβ values of the calibration grid, comma-separated',
      ...RUN_LLC_OPTIONS,
      ...GROKKING_EVENT_OPTIONS,
      ...FREE_ENERGY_OPTIONS,
    },
  },
  async run({ positionals, flags, options }) {
    checkLlcForm(positionals.run, flags, options);
    if (positionals.run !== undefined) return llcAcrossRun(positionals.run, flags.json, options);
    const { familyLlc, LLC_FAMILIES } = await import('../../engine/diagnostics/slt/familyLlc');
    const model = options.model;
    if (!model) throw new UsageError(`--model is required: ${Object.keys(LLC_FAMILIES).join(' | ')}`);
    if (!(model in LLC_FAMILIES)) throw new UsageError(`unknown --model '${model}'; models: ${Object.keys(LLC_FAMILIES).join(', ')}`);
    if ((options.x === undefined) !== (options.y === undefined)) throw new UsageError('--x and --y go together');
    if (options.x !== undefined && !flags.fit) throw new UsageError('--x/--y need --fit: the LLC is estimated at the family’s fit to your data');
    const log = progressLog(flags.json);
    let data;
    if (options.x !== undefined) {
      const { readRegressionData } = await import('../../engine/diagnostics/slt/regressionFiles');
      data = await readRegressionData(options.x, options.y!);
    }
    const epsilons = numberList('calibrate-epsilons', options['calibrate-epsilons']);
    const nbetas = numberList('calibrate-nbetas', options['calibrate-nbetas']);
    if ((epsilons || nbetas) && !flags.calibrate) throw new UsageError('--calibrate-epsilons/--calibrate-nbetas need --calibrate');
    const result = await familyLlc({
      model: model as keyof typeof LLC_FAMILIES,
      overrides: overrides(options.set),
      data,
      dataSource: data && `${options.x} and ${options.y}`,
      seed: numberOption('seed', options.seed, 0, 'integer'),
      sgld: {
        chains: optionalNumber('chains', options.chains, 'positive-integer'),
        draws: optionalNumber('draws', options.draws, 'positive-integer'),
        burnIn: optionalNumber('burn-in', options['burn-in'], 'non-negative'),
        epsilon: optionalNumber('epsilon', options.epsilon, 'positive'),
        localization: optionalNumber('gamma', options.gamma, 'non-negative'),
        nbeta: optionalNumber('nbeta', options.nbeta, 'positive'),
        batch: optionalNumber('batch', options.batch, 'positive-integer'),
        boundingBox: optionalNumber('box', options.box, 'positive'),
        rmsprop: flags.rmsprop,
      },
      calibrate: flags.calibrate && { epsilons, nbetas },
      log,
    });
    if (flags.json) console.log(JSON.stringify(result, null, 2));
    else for (const line of llcLines(result)) console.log(line);
  },
};

const num = (v: number | null | undefined, digits = 4) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : Number(v.toPrecision(digits)).toString());

/** The human-readable report. */
export function llcLines(r: FamilyLlcResult): string[] {
  const e = r.estimate;
  const s = e.settings;
  const lines = [
    `${r.model} on ${r.data.source}: n = ${r.data.rows}, d = ${e.parameterCount} parameters; fit by ${r.fit.method}, L_n(w*) = ${num(r.fit.loss, 6)}`,
    `λ̂ = ${num(e.llc.mean)} ± ${num(e.llc.std)} (mean ± std over ${s.chains} chains)`,
    `  per chain: ${e.llc.perChain.map((v) => (v === null ? 'diverged' : num(v))).join(', ')}`,
    `  theory: ${r.theory.lambda === null ? '—' : num(r.theory.lambda)} (${r.theory.assumption})${r.theory.quadratic !== undefined ? `; localised quadratic ½Σ 2nβa/(2nβa + γ) = ${num(r.theory.quadratic)}` : ''}`,
    `  SGLD: ε ${s.epsilon}, nβ ${num(s.nbeta)}, γ ${s.localization}, batch ${s.batch}, ${s.chains} chains × ${s.draws} draws after ${s.burnIn} burn-in${s.rmsprop ? ', RMSProp' : ''}${s.boundingBox !== undefined ? `, box ±${s.boundingBox}` : ''}`,
    `  L(w*) over ${s.chains} batches ${num(e.initLoss, 6)} (full data ${num(e.fullLoss, 6)})`,
    `health: trace ${e.health.flattened ? 'flattened' : 'NOT flattened'} (quarter means ${num(e.health.lastQuarters.third)} → ${num(e.health.lastQuarters.fourth)}), ` +
      `${(100 * e.health.negativeShare).toFixed(1)}% of draws below L(w*), ${e.health.divergences.length} diverged chains`,
    ...e.health.warnings.map((w) => `  warning: ${w}`),
  ];
  if (r.calibration) {
    lines.push('calibration (λ̂ per ε × nβ):');
    for (const c of r.calibration.cells) {
      lines.push(`  ε ${num(c.epsilon, 3)}  nβ ${num(c.nbeta)}  λ̂ ${c.llc === null ? 'diverged' : `${num(c.llc)} ± ${num(c.std)}`}  ${c.flattened ? 'flat' : 'not flat'}${c.divergedChains ? `, ${c.divergedChains} diverged` : ''}`);
    }
    for (const rec of r.calibration.recommended) lines.push(`  nβ ${num(rec.nbeta)}: ${rec.epsilon === null ? 'no ε where λ̂ is stable and healthy' : `use ε ≤ ${num(rec.epsilon, 3)}`}`);
  }
  return lines;
}

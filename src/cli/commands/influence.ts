import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { numberOption, optionalNumber } from '../numbers';
import { progressLog } from '../progressLog';
import type { InfluenceTrajectories } from '../../engine/diagnostics/influence';

type Option = 'pairs' | 'chains' | 'draws' | 'burn-in' | 'epsilon' | 'gamma' | 'nbeta' | 'seed' | 'every' | 'reduction' | 'stages' | 'steps' | 'out' | 'band' | 'peak-min';
type Flag = 'json' | 'loo';

const HIERARCHY = 'toy:hierarchy';
const DEFAULT_PAIRS = 'dog:oak,dog:sparrow,dog:cat';

export const influenceCommand: CliCommand<'run', Flag, Option> = {
  name: 'influence',
  summary: `Bayesian influence trajectories: BIF = −Cov(ℓ_i, ℓ_j) under the local posterior at every checkpoint of a toy run, with sign flips, peaks and stage boundaries; ${HIERARCHY} trains the deep-linear hierarchy toy first`,
  args: {
    positionals: ['run'],
    flags: {
      json: 'print the trajectories as JSON (progress goes to stderr)',
      loo: 'also retrain without each pair\'s source (leave-one-out ground truth) and correlate it with the BIF',
    },
    options: {
      pairs: `source:target pairs, comma-separated (default ${DEFAULT_PAIRS})`,
      chains: 'SGLD chains per checkpoint (default 4)',
      draws: 'draws per chain (default 2000)',
      'burn-in': 'SGLD steps before the first draw (default 100)',
      epsilon: 'SGLD step size ε (default 1e-4)',
      gamma: 'localisation γ (default 1000)',
      nbeta: 'nβ (default 100)',
      seed: `noise seed of the sampler, the same at every checkpoint; for ${HIERARCHY} also the training seed (default 0)`,
      every: `use checkpoints at multiples of N steps; for ${HIERARCHY} the checkpoint interval (default 100)`,
      reduction: "how chains become observations: 'stack' (default: every chain × draw) or 'mean' (chains averaged per draw)",
      stages: 'stage boundaries to overlay, as steps (default: the loss-drop stages of the run\'s loss curve)',
      steps: `${HIERARCHY}: training steps (default 3000)`,
      out: `${HIERARCHY}: keep the trained run in this folder`,
      band: 'dead band of the sign: |corr| below it is neutral (default 0.05)',
      'peak-min': 'smallest |corr| a segment extremum needs to be a peak (default 0.1)',
    },
  },
  async run({ positionals, flags, options }) {
    const { INFLUENCE_DEFAULTS, influenceTrajectories, withHierarchyRun } = await import('../../engine/diagnostics/influence');
    const { readToyRun } = await import('../../engine/diagnostics/stages/toyRun');
    const log = progressLog(flags.json);
    const reduction = options.reduction ?? INFLUENCE_DEFAULTS.reduction;
    if (reduction !== 'stack' && reduction !== 'mean') throw new UsageError(`--reduction is 'stack' or 'mean', got '${reduction}'`);
    const seed = numberOption('seed', options.seed, INFLUENCE_DEFAULTS.seed, 'integer');
    const sampler = {
      chains: numberOption('chains', options.chains, INFLUENCE_DEFAULTS.chains, 'positive-integer'),
      draws: numberOption('draws', options.draws, INFLUENCE_DEFAULTS.draws, 'positive-integer'),
      burnIn: numberOption('burn-in', options['burn-in'], INFLUENCE_DEFAULTS.burnIn, 'non-negative'),
      epsilon: numberOption('epsilon', options.epsilon, INFLUENCE_DEFAULTS.epsilon, 'positive'),
      localization: numberOption('gamma', options.gamma, INFLUENCE_DEFAULTS.localization, 'non-negative'),
      nbeta: numberOption('nbeta', options.nbeta, INFLUENCE_DEFAULTS.nbeta, 'positive'),
      seed,
      reduction: reduction as 'stack' | 'mean',
    };
    if (!Number.isInteger(sampler.burnIn)) throw new UsageError(`--burn-in needs an integer, got '${options['burn-in']}'`);
    const every = optionalNumber('every', options.every, 'positive-integer');
    const stageBoundaries = options.stages === undefined ? undefined : options.stages.split(',').map((s) => {
      const n = Number(s.trim());
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`--stages needs comma-separated steps, got '${options.stages}'`);
      return n;
    });
    const target = positionals.run;
    const isHierarchy = target === HIERARCHY;
    if (!isHierarchy && (options.steps !== undefined || options.out !== undefined)) throw new UsageError(`--steps and --out train a run; they apply to ${HIERARCHY} only`);
    const compute = (run: Awaited<ReturnType<typeof readToyRun>>) => influenceTrajectories(run, {
      pairs: options.pairs ?? DEFAULT_PAIRS,
      sampler,
      every: isHierarchy ? undefined : every,
      stageBoundaries,
      leaveOneOut: flags.loo,
      band: optionalNumber('band', options.band, 'non-negative'),
      peakMin: optionalNumber('peak-min', options['peak-min'], 'non-negative'),
      onProgress: (done, total, step) => log(`checkpoint ${done}/${total} (step ${step}) sampled`),
    });
    const result = isHierarchy
      ? { ...(await withHierarchyRun({ seed, every, steps: optionalNumber('steps', options.steps, 'positive-integer'), outDir: options.out }, compute)), run: options.out ?? HIERARCHY }
      : await compute(await readToyRun(target));
    if (flags.json) console.log(JSON.stringify(result, null, 2));
    else for (const line of influenceLines(result)) console.log(line);
  },
};

const fixed = (v: number) => (Number.isNaN(v) ? '  n/a' : (v >= 0 ? ' ' : '') + v.toFixed(2));

function influenceLines(r: InfluenceTrajectories): string[] {
  const s = r.sampler;
  const lines = [
    `${r.run} (${r.preset}): ${r.checkpoints.length} checkpoints, ${s.chains} chains × ${s.draws} draws after ${s.burnIn} burn-in, ε ${s.epsilon}, γ ${s.localization}, nβ ${s.nbeta}`,
    `stage boundaries (${r.stages.source}): ${r.stages.boundaries.join(', ') || 'none'}`,
    'corr = Pearson correlation of the loss traces (sign of −BIF): > 0 helpful, < 0 harmful',
    `step    ${r.pairs.map((p) => p.pair.padStart(12)).join('')}`,
  ];
  r.checkpoints.forEach((c, k) => lines.push(`${String(c.step).padEnd(8)}${r.pairs.map((p) => fixed(p.correlation[k]).padStart(12)).join('')}`));
  for (const p of r.pairs) {
    const flips = p.marks.flips.map((f) => `${f.step} → ${f.to}`).join(', ') || 'none';
    const peaks = p.marks.peaks.map((pk) => `${pk.step} (${pk.correlation.toFixed(2)}, ${pk.sign})`).join(', ') || 'none';
    lines.push(`${p.pair}: flips ${flips}; peaks ${peaks}; harmful onset ${p.marks.harmfulOnset ?? 'none'}`);
    if (p.proxyAgreement) lines.push(`  first-order proxy agrees in sign at ${p.proxyAgreement.agreeing}/${p.proxyAgreement.compared} checkpoints where both are large`);
    if (p.leaveOneOut) lines.push(`  leave-one-out Δℓ vs BIF: Pearson ${fixed(p.leaveOneOut.pearsonWithBif).trim()}`);
  }
  return lines;
}

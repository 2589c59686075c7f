import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { numberOption, optionalNumber } from '../numbers';
import { progressLog } from '../progressLog';
import type { FitTimeToyReport } from '../../engine/diagnostics/scaling';

type Option = 'from' | 'to' | 'floor-from' | 'floor-to' | 'per-decade' | 'time' | 'schedule' | 'lr' | 'metric' | 'steps' | 'seed';

export const fitTimeCommand: CliCommand<'curve', 'json', Option> = {
  name: 'fit-time',
  summary: 'Fit loss against training time: a power law on a window and a power law with a floor (with uncertainty), local slopes, dynamic time; toy:peaked-softmax trains the one-third run first',
  args: {
    positionals: ['curve'],
    flags: { json: 'print the result as JSON (progress goes to stderr)' },
    options: {
      from: 'start of the pure power-law window (default: t_max/10, the last decade)',
      to: 'end of the pure power-law window (default: t_max)',
      'floor-from': 'start of the floored fit\'s window (default: the first point with t > 0)',
      'floor-to': 'end of the floored fit\'s window (default: t_max)',
      'per-decade': 'log bins per decade the curve is averaged into before fitting (default 25)',
      time: "'steps' (default) or 'dynamic': τ = Σ lr, from --schedule or the curve's lr column",
      schedule: "with --time dynamic: 'constant' or 'cosine:<warmup>,<total>[,<final fraction>]' (Pythia: cosine:1430,143000,0.1)",
      lr: 'peak learning rate the schedule is scaled by (default 1: τ in peak-lr steps)',
      metric: "the record field to fit (default 'loss')",
      steps: 'toy:<preset>: training steps (default the preset\'s)',
      seed: 'toy:<preset>: seed (default 0)',
    },
  },
  async run({ positionals, flags, options }) {
    const { fitTimeFile, fitTimeToy } = await import('../../engine/diagnostics/scaling');
    const time = options.time ?? 'steps';
    if (time !== 'steps' && time !== 'dynamic') throw new UsageError(`--time is 'steps' or 'dynamic', got '${time}'`);
    if (options.schedule && time !== 'dynamic') throw new UsageError('--schedule needs --time dynamic');
    const fitOptions = {
      time: time as 'steps' | 'dynamic',
      schedule: options.schedule,
      peakLr: optionalNumber('lr', options.lr, 'positive'),
      metric: options.metric,
      perDecade: numberOption('per-decade', options['per-decade'], 25, 'positive'),
      window: { from: optionalNumber('from', options.from, 'positive'), to: optionalNumber('to', options.to, 'positive') },
      floorWindow: { from: optionalNumber('floor-from', options['floor-from'], 'non-negative'), to: optionalNumber('floor-to', options['floor-to'], 'positive') },
    };
    const target = positionals.curve;
    const report = target.startsWith('toy:')
      ? await fitTimeToy(target, { ...fitOptions, steps: optionalNumber('steps', options.steps, 'positive-integer'), seed: numberOption('seed', options.seed, 0, 'integer'), log: progressLog(flags.json) })
      : await fitTimeFile(target, fitOptions);
    if (flags.json) {
      console.log(JSON.stringify(report, null, 2));
      return;
    }
    const p = report.powerLaw;
    const f = report.powerLawWithFloor;
    console.log(`${report.source}: ${report.points} points, ${report.binnedPoints} after log binning (${report.perDecade}/decade); t is ${report.time}`);
    console.log(`power law L = a·t^−α on [${g(p.from)}, ${g(p.to)}] (${p.points} points): α = ${p.alpha.toFixed(4)} ± ${p.alphaStdError.toFixed(4)}, a = ${g(p.prefactor)}, R² = ${p.rSquared.toFixed(4)}`);
    if (f) {
      console.log(`with a floor L = c·t^−α + L0 on [${g(f.from)}, ${g(f.to)}] (${f.points} points): α = ${f.alpha.toFixed(4)} ± ${f.alphaStdError.toFixed(4)}, c = ${g(f.c)} ± ${g(f.cStdError)}, L0 = ${g(f.l0)} ± ${g(f.l0StdError)}, rms log residual ${g(f.rmsLogResidual)}${f.atBound.length ? `; ${f.atBound.join(', ')}` : ''}`);
    } else {
      console.log('with a floor: fewer than 4 points in its window, not fitted');
    }
    const beta = (report as Partial<FitTimeToyReport>).betaGrowth;
    if (beta) console.log(`student inverse temperature β ∝ t^${beta.growth.toFixed(4)} ± ${beta.alphaStdError.toFixed(4)} on the same window (theory 1/3)`);
    console.log('local slopes α_loc(t) = −Δln L/Δln t over 3 neighbouring points:');
    const slopes = report.localSlopes;
    const every = Math.max(1, Math.ceil(slopes.length / 20));
    for (let i = 0; i < slopes.length; i += every) console.log(`  t ${g(slopes[i].x).padStart(10)}  α_loc ${slopes[i].alpha.toFixed(3)}`);
  },
};

const g = (v: number): string => Number(v.toPrecision(4)).toString();

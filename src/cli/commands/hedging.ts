import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { numberOption, optionalNumber } from '../numbers';
import { progressLog } from '../progressLog';
import { numberList } from './mixing';

type Option = 'data' | 'new-latents' | 'steps' | 'batch' | 'lr' | 'seed' | 'baselines' | 'arch' | 'k' | 'l1' | 'rows' | 'gammas' | 'init-noise';
type Flag = 'json' | 'no-detached';

const ARCHS = ['relu', 'topk', 'batchtopk', 'jumprelu'] as const;

export const hedgingCommand: CliCommand<'target', Flag, Option> = {
  name: 'hedging',
  summary:
    'Feature hedging: the hedging degree of an SAE on data; the single-latent toy for toy:hedging-*; the balanced Matryoshka γ sweep for toy:tree',
  args: {
    positionals: ['target'],
    flags: {
      json: 'print the result as JSON (progress goes to stderr)',
      'no-detached': 'toy:tree: leave out the detached (β → ∞) run',
    },
    options: {
      data: 'SAE: activation source (default toy:large)',
      'new-latents': 'SAE: latents added to the extended copy (default 64)',
      steps: 'training steps of each run (SAE: default 2000; toys: 24414)',
      batch: 'rows per step (SAE: default 1024; toys: 500)',
      lr: 'Adam learning rate (default 3e-4)',
      seed: 'seed of samples, new latents, initial noise and baselines (default 0)',
      baselines: 'SAE: random baselines of the hedging degree (default 50)',
      arch: `SAE: architecture to continue training with: ${ARCHS.join(' | ')} (default: the SAE's own; jumprelu and gated continue as batchtopk)`,
      k: 'SAE: k of the continued training (default: the SAE\'s k, else its L0 on the data)',
      l1: 'sparsity coefficient: SAE relu/jumprelu λ (default 1); toy:hedging-* λ₁ (default 1e-3, 2e-2 anti-correlated); toy:tree λ (default 3e-2)',
      rows: 'SAE: rows used to measure L0 when k comes from the data (default 16384)',
      gammas: 'toy:tree: γ values, comma-separated (default 0,0.1,0.25,0.5,0.75,1,2,5)',
      'init-noise': 'toy:hedging-*: std of the noise on the ground-truth initialisation (default 0.25)',
    },
  },
  async run({ positionals, flags, options }) {
    const log = progressLog(flags.json);
    const target = positionals.target;
    const common = {
      lr: optionalNumber('lr', options.lr, 'positive'),
      seed: optionalNumber('seed', options.seed, 'integer'),
      steps: optionalNumber('steps', options.steps, 'positive-integer'),
      batch: optionalNumber('batch', options.batch, 'positive-integer'),
      l1: optionalNumber('l1', options.l1, 'non-negative'),
    };
    const print = (result: object, lines: () => string[]) => {
      if (flags.json) console.log(JSON.stringify(result, null, 2));
      else for (const line of lines()) console.log(line);
    };
    if (target.startsWith('toy:tree')) {
      const { runBalanceSweep } = await import('../../engine/diagnostics/hedging');
      const r = await runBalanceSweep({ toy: target, gammas: numberList('gammas', options.gammas), detached: !flags['no-detached'], ...common, onProgress: (run, step, steps) => step === steps && log(`trained ${run}`) });
      print(r, () => balanceLines(r));
    } else if (target.startsWith('toy:')) {
      const { runSingleLatentToy } = await import('../../engine/diagnostics/hedging');
      const r = await runSingleLatentToy({ toy: target, initNoise: optionalNumber('init-noise', options['init-noise'], 'non-negative'), ...common });
      print(r, () => singleLatentLines(r));
    } else {
      const arch = options.arch;
      if (arch !== undefined && !(ARCHS as readonly string[]).includes(arch)) throw new UsageError(`--arch must be one of ${ARCHS.join(', ')}, got '${arch}'`);
      const { loadSae } = await import('../../engine/sae/formats/registry');
      const { openSource, DEFAULT_SOURCE } = await import('../../engine/sources');
      const { runHedgingDegree } = await import('../../engine/diagnostics/hedging');
      const sae = await loadSae(target);
      const data = options.data ?? DEFAULT_SOURCE;
      const { source } = await openSource(data, { seed: common.seed ?? 0, shuffle: true, loop: true, expectDIn: sae.cfg.d_in });
      try {
        const r = await runHedgingDegree(sae, source, {
          ...common,
          newLatents: numberOption('new-latents', options['new-latents'], 64, 'positive-integer'),
          baselines: numberOption('baselines', options.baselines, 50, 'positive-integer'),
          arch: arch === undefined ? undefined : arch === 'relu' ? 'standard' : (arch as 'topk' | 'batchtopk' | 'jumprelu'),
          k: optionalNumber('k', options.k, 'positive'),
          rows: optionalNumber('rows', options.rows, 'positive-integer'),
          log,
          onProgress: (run, p) => log(`${run} step ${p.step}/${p.totalSteps}  loss ${p.loss.toExponential(3)}  L0 ${p.l0.toFixed(2)}  EV ${p.explainedVariance.toFixed(4)}`),
        });
        print({ sae: target, data, ...r }, () => [
          `hedging degree ${r.degree.toFixed(4)}   ${r.formula}`,
          `p ${r.portion.toFixed(4)}, baseline b ${r.baseline.toFixed(4)} ± ${r.baselineStd.toFixed(4)} (${r.baselines} draws), rank of the new rows ${r.rank}`,
          `mean ‖Δ_i‖ ${r.deltaNorm.toFixed(4)}, mean cos(extended, control) ${r.meanCosine.toFixed(4)}; width ${r.width} + ${r.newLatents}, ${r.steps} steps of ${r.batch} as ${r.architecture}`,
          `${r.newLatentsFiring} of ${r.newLatents} new latents fire at the end${r.newLatentsFiring === 0 ? ': h means nothing yet; train longer (TopK-family new latents wait for AuxK after 1000 dead steps)' : ''}`,
        ]);
      } finally {
        await source.close();
      }
    }
  },
};

type SingleLatent = Awaited<ReturnType<typeof import('../../engine/diagnostics/hedging').runSingleLatentToy>>;
type Balance = Awaited<ReturnType<typeof import('../../engine/diagnostics/hedging').runBalanceSweep>>;

const f = (v: number) => v.toFixed(3).padStart(7);

function singleLatentLines(r: SingleLatent): string[] {
  return [
    `${r.toy}: P(parent only) ${r.firing.parentOnly.toFixed(3)}, P(both) ${r.firing.both.toFixed(3)}, P(child only) ${r.firing.childOnly.toFixed(3)}; λ₁ ${r.l1}, ${r.steps} steps of ${r.batch}`,
    '                               cos(parent) cos(child)',
    `analytic θ* = ½·atan(2P₁₂/P₁)    ${f(r.analytic.cosParent)}    ${f(r.analytic.cosChild)}   (tied, no bias, parent-only and both inputs)`,
    `trained decoder                 ${f(r.trained.decoder.parent)}    ${f(r.trained.decoder.child)}`,
    `trained encoder (in span F)     ${f(r.trained.encoder.parent)}    ${f(r.trained.encoder.child)}`,
    `b_dec·f                         ${f(r.trained.bDec.parent)}    ${f(r.trained.bDec.child)}   ‖b_dec‖ ${r.trained.bDec.norm.toFixed(3)}`,
  ];
}

function balanceLines(r: Balance): string[] {
  const lines = [`${r.toy}: latents start at features [${r.order.join(', ')}], Matryoshka widths [${r.widths.join(', ')}], λ ${r.l1}, ${r.steps} steps of ${r.batch}`];
  lines.push('run          parent latent: decoder cos(parent | children)   encoder cos(parent | children)   absorption hedging mixing');
  for (const run of r.runs) {
    for (const p of run.parents) {
      const side = (s: { parent: number; children: number[] }) => `${f(s.parent)} |${s.children.map(f).join('')}`;
      lines.push(`${run.label.padEnd(10)} l${p.latent}  ${side(p.decoder)}   ${side(p.encoder)}   ${f(p.absorption)} ${f(p.hedging)} ${f(p.mixing)}`);
    }
  }
  lines.push(r.balance ? `balance point: γ = ${r.balance.gamma} (least mixing ${r.balance.mixing.toFixed(3)})` : 'no γ run finished');
  return lines;
}

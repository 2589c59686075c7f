import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { integerList, numberOption, optionalNumber } from '../numbers';
import { progressLog } from '../progressLog';
import { metricLines } from '../metricText';

const ARCHS = ['relu', 'topk', 'batchtopk', 'jumprelu', 'matryoshka'] as const;

type Option = 'arch' | 'k' | 'l1' | 'width' | 'prefixes' | 'gamma' | 'data' | 'steps' | 'batch' | 'lr' | 'seed' | 'init' | 'out' | 'checkpoint-every' | 'eval-rows';

export const trainCommand: CliCommand<never, 'json' | 'no-shuffle' | 'resume', Option> = {
  name: 'train',
  summary: 'Train an SAE, save it as a SAELens folder, and print its metrics on held-out rows',
  args: {
    positionals: [],
    flags: {
      json: 'print the result as JSON (progress goes to stderr)',
      'no-shuffle': 'read the data in file order (to compare runs step by step with another implementation)',
      resume: 'continue from the newest checkpoint in <out>-checkpoints/',
    },
    options: {
      arch: `architecture: ${ARCHS.join(' | ')} (default topk)`,
      k: 'TopK: latents per row; BatchTopK/Matryoshka: mean latents per row, may be fractional (default 32)',
      l1: 'sparsity coefficient: λ₁ for relu, λ_s for jumprelu (default 1)',
      width: 'd_sae, the number of latents (default 4·d_in)',
      prefixes: 'Matryoshka prefix widths, e.g. 8,32,128 (the full width is added)',
      gamma: 'Matryoshka balance γ: prefix m weighted γ^(M−m); 0 = BatchTopK, 1 = standard Matryoshka (default 1)',
      data: 'activation source: a .npy / .safetensors[#tensor] file or toy:<preset>?key=value… (default toy:large)',
      steps: 'training steps (default 2000)',
      batch: 'rows per step (default 1024)',
      lr: 'Adam learning rate (default 3e-4)',
      seed: 'seed for initialisation, data order and toy samples (default 0)',
      init: 'start from the weights of this SAE (any loadable format)',
      out: 'output SAELens folder (required)',
      'checkpoint-every': 'save a checkpoint every N steps into <out>-checkpoints/',
      'eval-rows': 'held-out rows for the final metrics (default 65536)',
    },
  },
  async run({ flags, options }) {
    if (!options.out) throw new UsageError('train needs --out <folder>');
    const arch = options.arch ?? 'topk';
    if (!(ARCHS as readonly string[]).includes(arch)) throw new UsageError(`--arch must be one of ${ARCHS.join(', ')}, got '${arch}'`);
    const { runTrainJob } = await import('../../engine/sae/trainJob');
    const { DEFAULT_SOURCE } = await import('../../engine/sources');
    const log = progressLog(flags.json);
    const result = await runTrainJob(
      {
        arch: arch === 'relu' ? 'standard' : (arch as 'topk' | 'batchtopk' | 'jumprelu' | 'matryoshka'),
        data: options.data ?? DEFAULT_SOURCE,
        width: optionalNumber('width', options.width, 'positive-integer'),
        k: optionalNumber('k', options.k, 'positive'),
        l1: optionalNumber('l1', options.l1, 'non-negative'),
        prefixes: integerList('prefixes', options.prefixes),
        gamma: optionalNumber('gamma', options.gamma, 'non-negative'),
        steps: numberOption('steps', options.steps, 2000, 'positive-integer'),
        batch: numberOption('batch', options.batch, 1024, 'positive-integer'),
        lr: numberOption('lr', options.lr, 3e-4, 'positive'),
        seed: numberOption('seed', options.seed, 0, 'integer'),
        init: options.init,
        shuffle: !flags['no-shuffle'],
        out: options.out,
        checkpointEvery: optionalNumber('checkpoint-every', options['checkpoint-every'], 'positive-integer'),
        resume: flags.resume,
        evalRows: numberOption('eval-rows', options['eval-rows'], 65536, 'positive-integer'),
      },
      { log },
    );
    if (flags.json) console.log(JSON.stringify(result, null, 2));
    else for (const line of metricLines(result.metrics)) console.log(line);
  },
};

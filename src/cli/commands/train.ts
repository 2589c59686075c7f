import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { integerList, numberOption, optionalNumber } from '../numbers';
import { progressLog } from '../progressLog';
import { metricLines } from '../metricText';
import type { L0Schedule } from '../../engine/diagnostics/l0/l0Schedule';

const ARCHS = ['relu', 'topk', 'batchtopk', 'jumprelu', 'matryoshka'] as const;

type Option = 'arch' | 'k' | 'l1' | 'width' | 'prefixes' | 'gamma' | 'data' | 'steps' | 'batch' | 'lr' | 'seed' | 'init' | 'out' | 'checkpoint-every' | 'eval-rows'
  | 'lr-warmup' | 'lr-decay' | 'sparsity-warmup' | 'b-dec-init' | 'normalize' | 'aux-coef' | 'dead-window' | 'jumprelu-mode' | 'bandwidth' | 'init-threshold'
  | 'k-schedule' | 'k-search-n' | 'steps-per-run';
type Flag = 'json' | 'no-shuffle' | 'resume' | 'unit-norm-decoder' | 'no-b-dec-input' | 'rescale-acts' | 'k-search';

const B_DEC_INITS = ['zeros', 'mean', 'geometric_median'] as const;
const NORMALIZATIONS = ['none', 'expected_average_only_in'] as const;
const JUMPRELU_MODES = ['step', 'tanh'] as const;

export const trainCommand: CliCommand<never, Flag, Option> = {
  name: 'train',
  summary: 'Train an SAE, save it as a SAELens folder, and print its metrics on held-out rows',
  args: {
    positionals: [],
    flags: {
      json: 'print the result as JSON (progress goes to stderr)',
      'no-shuffle': 'read the data in file order (to compare runs step by step with another implementation)',
      resume: 'continue from the newest checkpoint in <out>-checkpoints/',
      'unit-norm-decoder': 'keep decoder rows unit-norm (dictionary_learning) instead of a free decoder (SAELens)',
      'no-b-dec-input': 'do not subtract b_dec from the input before encoding (apply_b_dec_to_input = false)',
      'rescale-acts': 'TopK: select on pre·‖W_dec,i‖ and decode acts/‖W_dec,i‖ (SAELens ≥ 6.14)',
      'k-search': 'topk/batchtopk/matryoshka: search k during training from s_n^dec, starting at --k (Sparse but Wrong A.11)',
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
      'lr-warmup': 'linear learning-rate warm-up steps (default 0)',
      'lr-decay': 'linear learning-rate decay to 0 over the last N steps (default 0)',
      'sparsity-warmup': 'linear warm-up of the sparsity coefficient (default steps/20)',
      'b-dec-init': `b_dec from the first batch: ${B_DEC_INITS.join(' | ')} (default zeros, as SAELens v6)`,
      normalize: `input normalisation: ${NORMALIZATIONS.join(' | ')} (default none; the scale is folded into the saved weights)`,
      'aux-coef': 'AuxK dead-latent loss coefficient for topk/batchtopk/matryoshka (default 1)',
      'dead-window': 'a latent is dead after this many steps without firing (default 1000)',
      'jumprelu-mode': `JumpReLU sparsity loss: ${JUMPRELU_MODES.join(' | ')} (default step)`,
      bandwidth: 'JumpReLU straight-through bandwidth ε (default 0.05)',
      'init-threshold': 'JumpReLU initial threshold (default 0.01)',
      'k-schedule': 'topk/batchtopk/matryoshka: from,to[,start[,steps]]: k moves linearly from `from` to `to` over `steps` steps (default: the rest of training) from step `start` (default 0), applied in whole numbers (Sparse but Wrong A.8)',
      'k-search-n': 'n of s_n^dec for --k-search (default d_sae/4)',
      'steps-per-run': 'training steps per ORT run (default: up to 8 batches, at most 128 MiB of them); 1 needs less memory, the same results',
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
        lrWarmupSteps: optionalNumber('lr-warmup', options['lr-warmup'], 'non-negative'),
        lrDecaySteps: optionalNumber('lr-decay', options['lr-decay'], 'non-negative'),
        sparsityWarmupSteps: optionalNumber('sparsity-warmup', options['sparsity-warmup'], 'non-negative'),
        bDecInit: oneOf('b-dec-init', options['b-dec-init'], B_DEC_INITS),
        normalizeActivations: oneOf('normalize', options.normalize, NORMALIZATIONS),
        l0Schedule: kSchedule(options['k-schedule']),
        l0Search: flags['k-search'] ? { ...defined('n', optionalNumber('k-search-n', options['k-search-n'], 'positive-integer')) } : undefined,
        stepsPerRun: optionalNumber('steps-per-run', options['steps-per-run'], 'positive-integer'),
        spec: {
          ...(flags['unit-norm-decoder'] ? { unitNormDecoder: true } : {}),
          ...(flags['no-b-dec-input'] ? { applyBDecToInput: false } : {}),
          ...(flags['rescale-acts'] ? { rescaleActsByDecoderNorm: true } : {}),
          ...defined('auxCoefficient', optionalNumber('aux-coef', options['aux-coef'], 'non-negative')),
          ...defined('deadWindow', optionalNumber('dead-window', options['dead-window'], 'positive-integer')),
          jumprelu: {
            ...defined('sparsityMode', oneOf('jumprelu-mode', options['jumprelu-mode'], JUMPRELU_MODES)),
            ...defined('bandwidth', optionalNumber('bandwidth', options.bandwidth, 'positive')),
            ...defined('initThreshold', optionalNumber('init-threshold', options['init-threshold'], 'positive')),
          },
        },
      },
      { log },
    );
    if (flags.json) console.log(JSON.stringify(result, null, 2));
    else for (const line of metricLines(result.metrics)) console.log(line);
  },
};

/** `from,to[,start[,steps]]` of --k-schedule. */
function kSchedule(value: string | undefined): L0Schedule | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((v) => Number(v.trim()));
  if (parts.length < 2 || parts.length > 4 || parts.some((v) => !Number.isFinite(v) || v < 0)) {
    throw new UsageError(`--k-schedule needs from,to[,start[,steps]] with non-negative numbers, got '${value}'`);
  }
  const [from, to, startStep, steps] = parts;
  return { from, to, ...(startStep !== undefined ? { startStep } : {}), ...(steps !== undefined ? { steps } : {}) };
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

const defined = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

import { UsageError } from '../args';
import { numberOption, optionalNumber } from '../numbers';
import { progressLog } from '../progressLog';
import type { CheckpointSgldSettings } from '../../engine/diagnostics/stages/checkpointLlc';
import type { FreeEnergySign } from '../../engine/diagnostics/stages/freeEnergy';
import type { GrokkingEventOptions } from '../../engine/diagnostics/stages/grokkingEvents';

/** Sampler options of the commands that estimate λ̂ at a toy run's checkpoints (`llc <run>`, `arrhenius`). */
export const CHECKPOINT_SAMPLER_OPTIONS = {
  chains: "SGLD chains (default: the family's; grokking 3, dln 4)",
  draws: "draws per chain (default: the family's; grokking 500, dln 400)",
  'burn-in': "SGLD steps before the first draw (default: the family's; grokking 0, dln 100)",
  epsilon: "SGLD step size ε (default: the family's; grokking 3e-3, dln 1e-4)",
  gamma: "localisation γ (default: the family's; grokking 5, dln 1000)",
  nbeta: "nβ (default: the family's; grokking 2, dln 100, regressions n/ln n)",
  batch: "minibatch rows (default: the family's; grokking 128, dln the whole data set)",
  seed: 'sampler seed, the same at every checkpoint (default 0)',
} as const;

/** The free-energy sign option (`llc <run>`, `arrhenius`). */
export const FREE_ENERGY_OPTIONS = {
  sign: "ΔF sign: 'after-minus-before' (default, paper 2's analysis code) or 'before-minus-after' (its text)",
} as const;

/** Options of `saescope llc <run>` beyond the sampler's. */
export const RUN_LLC_OPTIONS = {
  every: 'estimate at every N-th checkpoint (default 1; the last one, and a grokking run\'s i and j, always)',
  curve: "record key of the loss curve the stages are found on (default: the family's training loss, e.g. 'trainLoss' for grokking)",
  window: 'drop-score window in logged points (default 10)',
  fraction: 'drop-score threshold as a fraction of the total drop L[0] − min L (default 0.1)',
} as const;

/** Options of the grokking transition (`llc <grokking run>`, `arrhenius`). */
export const GROKKING_EVENT_OPTIONS = {
  'min-gap': 'grokking: runs with j − i at most this many checkpoints are discarded (default 20)',
  generalised: 'grokking: validation accuracy that counts as generalised (default 0.95)',
} as const;

type SamplerOption = keyof typeof CHECKPOINT_SAMPLER_OPTIONS;
type GrokkingOption = keyof typeof GROKKING_EVENT_OPTIONS;
type RunOption = keyof typeof RUN_LLC_OPTIONS;

export function checkpointSamplerSettings(options: Partial<Record<SamplerOption, string>>): CheckpointSgldSettings {
  const burnIn = optionalNumber('burn-in', options['burn-in'], 'non-negative');
  if (burnIn !== undefined && !Number.isInteger(burnIn)) throw new UsageError(`--burn-in needs an integer, got '${options['burn-in']}'`);
  return {
    chains: optionalNumber('chains', options.chains, 'positive-integer'),
    draws: optionalNumber('draws', options.draws, 'positive-integer'),
    burnIn,
    epsilon: optionalNumber('epsilon', options.epsilon, 'positive'),
    localization: optionalNumber('gamma', options.gamma, 'non-negative'),
    nbeta: optionalNumber('nbeta', options.nbeta, 'positive'),
    batch: optionalNumber('batch', options.batch, 'positive-integer'),
    seed: numberOption('seed', options.seed, 0, 'integer'),
  };
}

export function freeEnergySign(text: string | undefined): FreeEnergySign | undefined {
  if (text === undefined || text === 'after-minus-before' || text === 'before-minus-after') return text;
  throw new UsageError(`--sign is 'after-minus-before' or 'before-minus-after', got '${text}'`);
}

export function grokkingEventOptions(options: Partial<Record<GrokkingOption, string>>): GrokkingEventOptions {
  const generalisedAccuracy = optionalNumber('generalised', options.generalised, 'positive');
  if (generalisedAccuracy !== undefined && generalisedAccuracy > 1) throw new UsageError(`--generalised is an accuracy in (0, 1], got '${options.generalised}'`);
  return { minGap: optionalNumber('min-gap', options['min-gap'], 'non-negative'), generalisedAccuracy };
}

const MODEL_ONLY_OPTIONS = ['model', 'x', 'y', 'set', 'box', 'calibrate-epsilons', 'calibrate-nbetas'];
const MODEL_ONLY_FLAGS = ['fit', 'rmsprop', 'calibrate'];
const RUN_ONLY_OPTIONS = [...Object.keys(RUN_LLC_OPTIONS), ...Object.keys(GROKKING_EVENT_OPTIONS), ...Object.keys(FREE_ENERGY_OPTIONS)];

/** `saescope llc` has two forms, `<run>` and `--model`; options of one given to the other are an error, not ignored. */
export function checkLlcForm(run: string | undefined, flags: Partial<Record<string, boolean>>, options: Partial<Record<string, string>>): void {
  const given = (names: string[]) => names.filter((name) => options[name] !== undefined);
  const wrong = run === undefined ? given(RUN_ONLY_OPTIONS) : [...given(MODEL_ONLY_OPTIONS), ...MODEL_ONLY_FLAGS.filter((f) => flags[f])];
  if (wrong.length > 0) throw new UsageError(`${wrong.map((w) => `--${w}`).join(', ')} ${run === undefined ? 'need a toy run folder (saescope llc <run>)' : 'apply to --model, not to a toy run folder'}`);
}

/** `saescope llc <run>`: λ̂ at each checkpoint beside the loss curve, its stages and ΔF between them. */
export async function llcAcrossRun(dir: string, json: boolean, options: Partial<Record<SamplerOption | GrokkingOption | RunOption | 'sign', string>>): Promise<void> {
  const { llcAcrossCheckpoints } = await import('../../engine/diagnostics/stages/runLlc');
  const log = progressLog(json);
  const fraction = optionalNumber('fraction', options.fraction, 'positive');
  if (fraction !== undefined && fraction > 1) throw new UsageError(`--fraction must be in (0, 1], got '${options.fraction}'`);
  const report = await llcAcrossCheckpoints(dir, {
    sgld: checkpointSamplerSettings(options),
    every: optionalNumber('every', options.every, 'positive-integer'),
    curve: options.curve,
    stages: { window: optionalNumber('window', options.window, 'positive-integer'), fraction },
    sign: freeEnergySign(options.sign),
    grokking: grokkingEventOptions(options),
    onCheckpoint: (c, done, total) => log(`checkpoint ${done}/${total} (step ${c.step}): λ̂ ${c.llc ? `${c.llc.mean.toFixed(3)} ± ${c.llc.std.toFixed(3)}` : `failed: ${c.error}`}`),
  });
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  const s = report.sampler;
  console.log(`${report.run}: ${report.preset}, n = ${report.n}; SGLD ε ${s.epsilon}, γ ${s.localization}, nβ ${g(s.nbeta)}, ${s.chains} chains × ${s.draws} draws after ${s.burnIn}, batch ${s.batch} (${s.source})`);
  console.log('step        L_n(w*)        λ̂ ± std        flattened  warnings');
  for (const c of report.checkpoints) {
    const llc = c.llc ? `${c.llc.mean.toFixed(3)} ± ${c.llc.std.toFixed(3)}` : 'failed';
    const warnings = c.error ?? c.health?.warnings.join('; ') ?? '';
    console.log(`${String(c.step).padEnd(10)}  ${g(c.loss).padEnd(13)}  ${llc.padEnd(15)}  ${String(c.health?.flattened ?? '-').padEnd(9)}  ${warnings}`);
  }
  const st = report.stages;
  console.log(`stages of '${report.curve.key}' (drop score, window ${st.window}, threshold ${g(st.threshold)} = ${st.fraction}·(L[0] − min L)): ${st.boundaries.length ? `boundaries at steps ${st.boundaries.map((b) => b.step).join(', ')}` : 'no boundary'}`);
  for (const stage of report.freeEnergy.stages) {
    console.log(`  stage ${stage.stage} [${stage.fromStep}, ${stage.toStep ?? 'end'}): ${stage.checkpoints} checkpoints, mean L_n ${stage.loss === null ? '-' : g(stage.loss)}, mean λ̂ ${stage.llc === null ? '-' : g(stage.llc)}`);
  }
  for (const t of report.freeEnergy.transitions) console.log(`  ΔF stage ${t.from} → ${t.to} (${report.freeEnergy.sign}): ${t.deltaF === null ? 'a stage has no checkpoint' : g(t.deltaF)}`);
  const k = report.grokking;
  if (k) {
    const at = (r: { step: number } | null) => (r ? `step ${r.step}` : 'never');
    console.log(`grokking: memorised (100 % train accuracy) ${at(k.memorised)}, generalised ${at(k.generalised)}; r = ${k.gap ?? '-'} checkpoints${k.reason ? ` (${k.reason})` : ''}; ΔF i → j ${k.deltaF === null ? '-' : g(k.deltaF)}`);
  }
}

const g = (v: number): string => Number(v.toPrecision(4)).toString();

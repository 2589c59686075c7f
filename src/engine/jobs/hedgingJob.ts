/**
 * hedging: the feature-hedging diagnostics of src/engine/diagnostics/hedging as a worker job. Each finished part (a
 * single-latent toy, or the γ sweep after each of its runs) goes out at once as a progress event, so the panel fills
 * in while the job runs and the host keeps what finished when the user cancels.
 */
import { BALANCE_GAMMAS, runBalanceSweep, runHedgingDegree, runSingleLatentToy, SINGLE_LATENT_PRESETS, type HedgingDegreeResult } from '../diagnostics/hedging';
import type { TrainProgress } from '../sae/trainer';
import { loadSae } from '../sae/formats';
import { openSource } from '../sources';
import type { HedgingDegreeOutcome, HedgingOutcome, HedgingSettings, JobProgress, TrainPoint } from '../../shared/protocol';
import type { JobContext, JobHandlers } from './dispatcher';

/** Step progress is reported about this many times per training run. */
const REPORTS_PER_RUN = 20;

export function hedgingHandler(): JobHandlers['hedging'] {
  return async ({ settings }, context) => {
    switch (settings.mode) {
      case 'toys':
        return singleLatentToys(settings, context);
      case 'sae':
        return degreeOfSae(settings, context);
      case 'gamma':
        return gammaSweep(settings, context);
    }
  };
}

async function singleLatentToys(s: Extract<HedgingSettings, { mode: 'toys' }>, { signal, progress }: JobContext): Promise<HedgingOutcome> {
  const names = s.toys ?? SINGLE_LATENT_PRESETS.map((preset) => `toy:${preset}`);
  const toys = [];
  for (const [i, toy] of names.entries()) {
    if (signal.aborted) break;
    const report = throttled(progress, (step, steps) => ({ message: `${toy}: step ${step}/${steps}`, fraction: (i + step / steps) / names.length }));
    const result = await runSingleLatentToy({ toy, seed: s.seed, ...(s.steps === null ? {} : { steps: s.steps }), signal, onProgress: report });
    if (result.cancelled) break;
    toys.push(result);
    progress({ message: `${toy}: done`, fraction: (i + 1) / names.length, hedgingPart: { kind: 'toy', toy: result } });
  }
  return { mode: 'toys', cancelled: toys.length < names.length, toys };
}

async function degreeOfSae(s: Extract<HedgingSettings, { mode: 'sae' }>, { signal, progress }: JobContext): Promise<HedgingOutcome> {
  progress({ message: `loading ${s.sae}` });
  const sae = await loadSae(s.sae);
  const { source } = await openSource(s.data, { seed: s.seed, shuffle: true, loop: true, expectDIn: sae.cfg.d_in });
  try {
    const result = await runHedgingDegree(sae, source, {
      ...(s.steps === null ? {} : { steps: s.steps }),
      newLatents: s.newLatents,
      baselines: s.baselines,
      seed: s.seed,
      signal,
      log: (line) => progress({ message: line }),
      onProgress: (run, p) =>
        progress({
          message: `${run}: step ${p.step}/${p.totalSteps}, loss ${p.loss.toExponential(3)}, L0 ${p.l0.toFixed(2)}`,
          fraction: (run === 'control' ? 0 : 0.5) + (0.5 * p.step) / p.totalSteps,
        }),
    });
    if (result.cancelled) return { mode: 'sae', cancelled: true, degree: null };
    return { mode: 'sae', cancelled: false, degree: degreeOutcome(s, result) };
  } finally {
    await source.close();
  }
}

async function gammaSweep(s: Extract<HedgingSettings, { mode: 'gamma' }>, { signal, progress }: JobContext): Promise<HedgingOutcome> {
  const gammas = s.gammas ?? BALANCE_GAMMAS;
  const total = gammas.length + (s.detached ? 1 : 0);
  let finished = 0;
  const report = throttled(progress, (step, steps) => ({ message: `run ${finished + 1} of ${total}: step ${step}/${steps}`, fraction: (finished + step / steps) / total }));
  const sweep = await runBalanceSweep({
    toy: s.toy,
    gammas,
    detached: s.detached,
    seed: s.seed,
    ...(s.steps === null ? {} : { steps: s.steps }),
    signal,
    onProgress: (_run, step, steps) => report(step, steps),
    onRun: (run, soFar) => {
      finished++;
      if (!run.cancelled) progress({ message: `${run.label}: done`, fraction: finished / total, hedgingPart: { kind: 'gamma', sweep: soFar } });
    },
  });
  // A run stopped half-way by Cancel says nothing about its γ; keep only the runs that finished.
  const runs = sweep.runs.filter((run) => !run.cancelled);
  return { mode: 'gamma', cancelled: runs.length < total, sweep: { ...sweep, runs } };
}

function degreeOutcome(s: Extract<HedgingSettings, { mode: 'sae' }>, r: HedgingDegreeResult): HedgingDegreeOutcome {
  return {
    sae: s.sae,
    data: s.data,
    width: r.width,
    newLatents: r.newLatents,
    rank: r.rank,
    deltaNorm: r.deltaNorm,
    deltaProjection: r.deltaProjection,
    controlNorm: r.controlNorm,
    portion: r.portion,
    baseline: r.baseline,
    baselineStd: r.baselineStd,
    baselines: r.baselines,
    baselineSamples: r.baselineSamples,
    degree: r.degree,
    meanCosine: r.meanCosine,
    architecture: r.architecture,
    k: r.k ?? null,
    l1: r.l1 ?? null,
    steps: r.steps,
    batch: r.batch,
    lr: r.lr,
    seed: r.seed,
    cancelled: r.cancelled,
    newLatentsFiring: r.newLatentsFiring,
    control: trainPoint(r.control),
    extended: trainPoint(r.extended),
    formula: r.formula,
  };
}

/** JSON has no NaN: a report with a number that is not finite is left out. */
function trainPoint(p: TrainProgress | undefined): TrainPoint | null {
  if (!p) return null;
  const point = { step: p.step, totalSteps: p.totalSteps, loss: p.loss, l0: p.l0, explainedVariance: p.explainedVariance, deadFraction: p.deadFraction };
  return Object.values(point).every(Number.isFinite) ? point : null;
}

/** Forwards a run's step progress about REPORTS_PER_RUN times, not at every ORT call. */
function throttled(progress: (update: JobProgress) => void, update: (step: number, steps: number) => JobProgress): (step: number, steps: number) => void {
  let last = -1;
  return (step, steps) => {
    const slot = Math.floor((REPORTS_PER_RUN * step) / steps);
    if (slot === last) return;
    last = slot;
    progress(update(step, steps));
  };
}

/**
 * influence: Bayesian influence trajectories for chosen pairs over a `dln` run's checkpoints as a worker job, with
 * progress per checkpoint. Cancelled, it answers with the trajectories over the checkpoints that finished (two at
 * least; before that, nothing is kept).
 */
import { INFLUENCE_DEFAULTS, influenceTrajectories, type InfluenceTrajectories } from '../diagnostics/influence';
import { readToyRun, recordCurve } from '../diagnostics/stages/toyRun';
import type { InfluenceOutcome, InfluenceView } from '../../shared/protocol';
import type { JobHandlers } from './dispatcher';

/** The run's loss curve: the one its loss-drop stage boundaries come from. */
const LOSS_KEY = 'loss';

export function influenceHandler(): JobHandlers['influence'] {
  return async ({ settings: s }, { signal, progress }) => {
    const run = await readToyRun(s.run);
    const curve = { key: LOSS_KEY, ...recordCurve(run, LOSS_KEY) };
    const trajectories = await influenceTrajectories(run, {
      pairs: s.pairs.join(','),
      sampler: { ...INFLUENCE_DEFAULTS, ...(s.draws === null ? {} : { draws: s.draws }), seed: s.seed },
      every: s.every ?? undefined,
      signal,
      keepFinishedOnAbort: true,
      onProgress: (done, total, step) => progress({ message: `checkpoint ${done}/${total} (step ${step}) sampled`, fraction: done / total }),
    });
    const outcome: InfluenceOutcome = { cancelled: trajectories.cancelled === true, trajectories: influenceView(trajectories, curve) };
    return outcome;
  };
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

function influenceView(t: InfluenceTrajectories, curve: InfluenceView['curve']): InfluenceView {
  return {
    run: t.run,
    preset: t.preset,
    samples: t.samples,
    sampler: t.sampler,
    checkpoints: t.checkpoints.map((c) => ({ step: c.step, divergedChains: c.divergedChains })),
    pairs: t.pairs.map((p) => ({
      pair: p.pair,
      source: p.source,
      target: p.target,
      steps: p.steps,
      correlation: p.correlation.map(finite),
      bif: p.bif.map(finite),
      proxyCorrelation: p.proxyCorrelation?.map(finite) ?? null,
      proxyAgreement: p.proxyAgreement ?? null,
      marks: p.marks,
      stageOverlay: p.stageOverlay,
    })),
    stages: t.stages,
    curve,
  };
}

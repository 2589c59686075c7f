/**
 * llc: the local learning coefficient as a worker job — one estimate for a regression family (its built-in data or
 * the user's x/y files), or λ̂ at each checkpoint of a saved toy run, each checkpoint streamed as it finishes.
 * Cancelled, a run answers with the checkpoints that finished; a single estimate has nothing to keep.
 */
import { familyLlc, llcFamily, type FamilyLlcResult } from '../diagnostics/slt/familyLlc';
import type { LlcHealth } from '../diagnostics/slt/health';
import { readRegressionData } from '../diagnostics/slt/regressionFiles';
import type { CheckpointLlc } from '../diagnostics/stages/checkpointLlc';
import { checkpointSampling, regressionSamplerDefaults } from '../diagnostics/stages/checkpointSampling';
import { llcAcrossCheckpoints, type RunLlcReport } from '../diagnostics/stages/runLlc';
import { readToyRun } from '../diagnostics/stages/toyRun';
import type { CheckpointLlcView, FamilyLlcView, LlcHealthView, LlcOutcome, LlcSettings, RunLlcView } from '../../shared/protocol';
import type { JobContext, JobHandlers } from './dispatcher';

export function llcHandler(): JobHandlers['llc'] {
  return async ({ settings }, context) => (settings.mode === 'family' ? familyEstimate(settings, context) : runEstimates(settings, context));
}

async function familyEstimate(s: Extract<LlcSettings, { mode: 'family' }>, { signal, progress }: JobContext): Promise<LlcOutcome> {
  const family = llcFamily(s.model);
  const data = s.x !== null && s.y !== null ? await readRegressionData(s.x, s.y) : undefined;
  // Full batch with the family's validated settings (dynamics-methods §6): a minibatch's noise, scaled by nβ,
  // inflates λ̂ on these small problems.
  const rows = data?.rows ?? Number(family.defaults.rows);
  const sgld = { ...regressionSamplerDefaults(family.name), ...(s.draws === null ? {} : { draws: s.draws }), batch: rows, signal };
  progress({ message: `${s.model}: fitting w* on ${data ? `${s.x} and ${s.y}` : 'the built-in data'}` });
  try {
    const result = await familyLlc({ model: s.model, data, dataSource: data && `${s.x} and ${s.y}`, seed: s.seed, sgld, log: (message) => progress({ message }) });
    return { mode: 'family', cancelled: false, family: familyView(result) };
  } catch (e) {
    if (signal.aborted) return { mode: 'family', cancelled: true, family: null };
    throw e;
  }
}

async function runEstimates(s: Extract<LlcSettings, { mode: 'run' }>, { signal, progress }: JobContext): Promise<LlcOutcome> {
  // Whether the sampler runs full batch (then a draw below L(w*) means lower loss, not minibatch noise).
  const sampling = checkpointSampling(await readToyRun(s.run));
  const fullBatch = (sampling.defaults.batch ?? Math.min(32, sampling.n)) === sampling.n;
  progress({ message: `sampling the checkpoints of ${s.run}` });
  const report = await llcAcrossCheckpoints(s.run, {
    sgld: { ...(s.draws === null ? {} : { draws: s.draws }), seed: s.seed },
    every: s.every,
    signal,
    keepFinishedOnAbort: true,
    onCheckpoint: (c, done, total) =>
      progress({
        message: `checkpoint ${done}/${total} (step ${c.step}): λ̂ ${c.llc ? `${c.llc.mean.toFixed(3)} ± ${c.llc.std.toFixed(3)}` : `failed: ${c.error}`}`,
        fraction: done / total,
        llcCheckpoint: checkpointView(c, fullBatch),
      }),
  });
  return { mode: 'run', cancelled: report.cancelled === true, run: runView(report, fullBatch) };
}

/** JSON has no NaN: a value that could not be measured crosses as null. */
const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

export function healthView(h: LlcHealth, fullBatch: boolean): LlcHealthView {
  return {
    trace: { draws: h.trace.draws, perChain: h.trace.perChain.map((c) => c.map(finite)), mean: h.trace.mean.map(finite), std: h.trace.std.map(finite) },
    flattened: h.flattened,
    lastQuarters: { third: finite(h.lastQuarters.third), fourth: finite(h.lastQuarters.fourth), change: finite(h.lastQuarters.change) },
    negativeShare: finite(h.negativeShare),
    fullBatch,
    divergences: h.divergences.map((d) => ({ chain: d.chain, step: d.step })),
    warnings: h.warnings,
  };
}

function familyView(r: FamilyLlcResult): FamilyLlcView {
  const e = r.estimate;
  const s = e.settings;
  return {
    model: r.model,
    data: r.data,
    fit: { method: r.fit.method, loss: r.fit.loss },
    theory: { lambda: r.theory.lambda, assumption: r.theory.assumption, quadratic: r.theory.quadratic ?? null },
    estimate: {
      llc: { mean: e.llc.mean, std: e.llc.std, perChain: e.llc.perChain.map((v) => (v === null ? null : finite(v))) },
      initLoss: e.initLoss,
      fullLoss: e.fullLoss,
      rows: e.rows,
      parameterCount: e.parameterCount,
      sampler: { epsilon: s.epsilon, localization: s.localization, nbeta: s.nbeta, chains: s.chains, draws: s.draws, burnIn: s.burnIn, batch: s.batch, seed: s.seed },
      health: healthView(e.health, s.batch === e.rows),
    },
  };
}

function checkpointView(c: CheckpointLlc, fullBatch: boolean): CheckpointLlcView {
  return {
    step: c.step,
    loss: finite(c.loss),
    llc: c.llc && { mean: c.llc.mean, std: c.llc.std, perChain: c.llc.perChain.map((v) => (v === null ? null : finite(v))) },
    initLoss: c.initLoss === null ? null : finite(c.initLoss),
    health: c.health && healthView(c.health, fullBatch),
    error: c.error ?? null,
  };
}

function runView(r: RunLlcReport, fullBatch: boolean): RunLlcView {
  const { source, ...sampler } = r.sampler;
  return {
    run: r.run,
    preset: r.preset,
    n: r.n,
    sampler: { ...sampler, source },
    curve: r.curve,
    stages: r.stages,
    checkpoints: r.checkpoints.map((c) => checkpointView(c, fullBatch)),
    freeEnergy: {
      n: r.freeEnergy.n,
      sign: r.freeEnergy.sign,
      stages: r.freeEnergy.stages.map((s) => ({ ...s, loss: s.loss === null ? null : finite(s.loss), llc: s.llc === null ? null : finite(s.llc) })),
      transitions: r.freeEnergy.transitions.map((t) => ({ ...t, deltaF: t.deltaF === null ? null : finite(t.deltaF) })),
    },
    grokking: r.grokking ? { ...r.grokking, deltaF: r.grokking.deltaF === null ? null : finite(r.grokking.deltaF) } : null,
  };
}

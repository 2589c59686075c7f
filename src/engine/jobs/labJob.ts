/**
 * lab: the Dynamics lab's three diagnostics as one worker job — loss against time (src/engine/diagnostics/scaling
 * fitTimeCurve, after training a toy preset when asked), loss against width (runSuperpositionScaling) and truth
 * probes (probeActivationFile, probeTruthToy). On Cancel the job answers with what finished: the fit of the records
 * trained so far, the widths that finished.
 */
import { probeActivationFile, probeTruthToy, type RepresentationProbes, type TruthToyProbeReport } from '../diagnostics/probes';
import {
  fitPowerLaw,
  fitTimeCurve,
  inWindow,
  logBinned,
  readLossCurve,
  runSuperpositionScaling,
  type FitTimeReport,
  type LossCurve,
  type PowerLawFit,
  type SuperpositionScalingReport,
} from '../diagnostics/scaling';
import { toyModelPreset } from '../toys/models/registry';
import type { ModelRecord } from '../toys/models/types';
import type { FitTimeView, LabOutcome, LabSettings, PowerLawView, ProbeScores, ProbeView, WidthScalingView } from '../../shared/protocol';
import type { JobContext, JobHandlers } from './dispatcher';

type Settings<M extends LabSettings['mode']> = Extract<LabSettings, { mode: M }>;

export function labHandler(): JobHandlers['lab'] {
  return async ({ settings }, context) => {
    switch (settings.mode) {
      case 'fitTime':
        return fitTime(settings, context);
      case 'width':
        return widthScaling(settings, context);
      case 'probe':
        return probes(settings, context);
    }
  };
}

async function fitTime(s: Settings<'fitTime'>, { signal, progress }: JobContext): Promise<LabOutcome> {
  const options = {
    metric: s.metric,
    perDecade: s.perDecade,
    window: { from: s.from ?? undefined, to: s.to ?? undefined },
    floorWindow: { from: s.floorFrom ?? undefined, to: s.floorTo ?? undefined },
  };
  if (!s.source.startsWith('toy:')) {
    progress({ message: `reading ${s.source}` });
    const curve = await readLossCurve(s.source, { metric: s.metric });
    return { mode: 'fitTime', cancelled: false, fit: fitView(curve, fitTimeCurve(curve, options), null, null) };
  }
  const preset = toyModelPreset(s.source.slice('toy:'.length));
  const steps = s.steps ?? Number(preset.defaults.steps);
  const run = await preset.train({
    seed: s.seed,
    ...(s.steps === null ? {} : { steps: s.steps }),
    signal,
    onRecord: (r) => {
      if (r.step > 0) progress({ message: `${preset.name}: step ${r.step}/${steps}, ${s.metric} ${Number(r[s.metric]).toPrecision(4)}`, fraction: r.step / steps });
    },
  });
  const records = run.records.filter((r) => r.step > 0 && Number.isFinite(r[s.metric]));
  const curve: LossCurve = { source: s.source, t: records.map((r) => r.step), loss: records.map((r) => r[s.metric]) };
  let report: FitTimeReport;
  try {
    report = fitTimeCurve(curve, options);
  } catch (e) {
    // Cancelled before two log bins were recorded: nothing to fit, and nothing to keep.
    if (run.cancelled) return { mode: 'fitTime', cancelled: true, fit: null };
    throw e;
  }
  return { mode: 'fitTime', cancelled: run.cancelled, fit: fitView(curve, report, preset.name, betaGrowth(records, report)) };
}

/** Peaked softmax: the student's inverse temperature β(t) ∝ t^growth over the power law's window (theory 1/3). */
function betaGrowth(records: ModelRecord[], report: FitTimeReport): FitTimeView['betaGrowth'] {
  if (records.length === 0 || !records.every((r) => r.beta > 0)) return null;
  const window = inWindow(logBinned(records.map((r) => r.step), records.map((r) => r.beta), report.perDecade), report.powerLaw.from, report.powerLaw.to);
  if (window.x.length < 2) return null;
  const fit = fitPowerLaw(window.x, window.y);
  return { ...powerLawView(fit), growth: -fit.alpha };
}

function fitView(curve: LossCurve, report: FitTimeReport, preset: string | null, beta: FitTimeView['betaGrowth']): FitTimeView {
  const binned = logBinned(curve.t, curve.loss, report.perDecade);
  const floor = report.powerLawWithFloor;
  return {
    source: report.source,
    time: report.time,
    points: report.points,
    perDecade: report.perDecade,
    curve: { t: binned.x, loss: binned.y },
    powerLaw: powerLawView(report.powerLaw),
    powerLawWithFloor: floor && {
      c: floor.c,
      alpha: floor.alpha,
      l0: floor.l0,
      cStdError: finite(floor.cStdError),
      alphaStdError: finite(floor.alphaStdError),
      l0StdError: finite(floor.l0StdError),
      rmsLogResidual: floor.rmsLogResidual,
      points: floor.points,
      from: floor.from,
      to: floor.to,
      atBound: floor.atBound,
      converged: floor.converged,
    },
    localSlopes: report.localSlopes.filter((s) => Number.isFinite(s.alpha)).map((s) => ({ t: s.x, alpha: s.alpha })),
    preset,
    betaGrowth: beta,
  };
}

async function widthScaling(s: Settings<'width'>, { signal, progress }: JobContext): Promise<LabOutcome> {
  let finished = 0;
  progress({ message: `m ${s.widths[0]}: training`, fraction: 0 });
  const report = await runSuperpositionScaling({
    regime: s.regime,
    alpha: s.alpha,
    widths: s.widths,
    features: s.features,
    ...(s.steps === null ? {} : { steps: s.steps }),
    seed: s.seed,
    signal,
    // One line per finished width.
    log: (line) => {
      finished++;
      const next = s.widths[finished];
      progress({ message: next === undefined ? line : `${line}; m ${next}: training`, fraction: finished / s.widths.length });
    },
  });
  return { mode: 'width', cancelled: report.cancelled, scaling: report.widths.length > 0 ? widthView(report) : null };
}

function widthView(r: SuperpositionScalingReport): WidthScalingView {
  return {
    regime: r.regime,
    weightDecay: r.weightDecay,
    alpha: r.alpha,
    features: r.features,
    steps: r.steps,
    batch: r.batch,
    seed: r.seed,
    widths: r.widths.map((w) => ({ ...w })),
    exponent: r.exponent && powerLawView(r.exponent),
    theory: r.theory,
  };
}

async function probes(s: Settings<'probe'>, { signal, progress }: JobContext): Promise<LabOutcome> {
  if (s.source === 'toy:truth' || s.source === 'toy:truth-toy') {
    progress({ message: `training the truth toy${s.steps === null ? '' : ` (${s.steps} steps)`}` });
    const report = await probeTruthToy({ ...(s.steps === null ? {} : { steps: s.steps }), seed: s.seed, folds: s.folds, signal, log: (line) => progress({ message: line }) });
    // A toy stopped half-way says nothing about the trained model's truth encoding.
    if (signal.aborted) return { mode: 'probe', cancelled: true, probe: null };
    return { mode: 'probe', cancelled: false, probe: truthView(report) };
  }
  if (s.labels === null) throw new RangeError(`${s.source}: probes need a labels file (one 0/1 label per activation row)`);
  progress({ message: `probing ${s.source}` });
  const report = await probeActivationFile(s.source, s.labels, { folds: s.folds, normalisation: s.normalisation, ...(s.layer === null ? {} : { layer: s.layer }) });
  return { mode: 'probe', cancelled: false, probe: { kind: 'file', activations: report.activations, layer: report.layer, labels: report.labels, ...scores(report) } };
}

function truthView(r: TruthToyProbeReport): ProbeView {
  return {
    kind: 'truth',
    preset: r.preset,
    steps: r.steps,
    memorizeOnly: r.memorizeOnly,
    positions: r.positions.map((p) => ({
      position: p.position,
      predicts: p.predicts,
      pNextTrue: p.pNextTrue,
      pNextFalse: p.pNextFalse,
      attribute:
        p.pTrueAttributeTrue === undefined
          ? null
          : { pTrue: p.pTrueAttributeTrue, pFalse: p.pTrueAttributeFalse!, bayesTrue: p.bayesTrue!, bayesFalse: p.bayesFalse! },
      normRatio: p.normRatio,
      probes: scores(p.probes),
    })),
  };
}

/** The probes without their per-fold detail (the mean ± std across folds is what the panel shows). */
function scores(p: RepresentationProbes): ProbeScores {
  const pair = (c: RepresentationProbes['raw']) => ({ logistic: c.logistic, meanDifference: c.meanDifference });
  return { rows: p.rows, d: p.d, positives: p.positives, folds: p.folds, raw: pair(p.raw), normalised: pair(p.normalised), normalisation: p.normalisation };
}

function powerLawView(p: PowerLawFit): PowerLawView {
  return { alpha: p.alpha, alphaStdError: finite(p.alphaStdError), prefactor: p.prefactor, rSquared: p.rSquared, points: p.points, from: p.from, to: p.to };
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

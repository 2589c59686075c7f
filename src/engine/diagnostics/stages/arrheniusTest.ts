import { CheckpointLlc, CheckpointSgldSettings, ResolvedSgldSettings, RunSampler } from './checkpointLlc';
import { checkpointSampling } from './checkpointSampling';
import { DEFAULT_FREE_ENERGY_SIGN, FreeEnergySign, freeEnergyDifference } from './freeEnergy';
import { GrokkingEventOptions, GrokkingEvents, grokkingEvents } from './grokkingEvents';
import { LineFit, fitLine } from './lineFit';
import { checkpointAccuracies } from './runLlc';
import { readToyRun } from './toyRun';

export interface ArrheniusOptions {
  sgld?: CheckpointSgldSettings;
  sign?: FreeEnergySign;
  grokking?: GrokkingEventOptions;
  /** Called after each run is done. */
  onRun?: (run: ArrheniusRun, done: number, total: number) => void;
  signal?: AbortSignal;
}

/** One grokking run: its transition, λ̂ and L_n at i and j, and ΔF_{i→j} (kept runs only). */
export interface ArrheniusRun extends GrokkingEvents {
  run: string;
  n: number;
  memorisedLlc: CheckpointLlc | null;
  generalisedLlc: CheckpointLlc | null;
  deltaF: number | null;
  /** ln r, the fit's x. */
  logGap: number | null;
}

export interface ArrheniusReport {
  sign: FreeEnergySign;
  sampler: ResolvedSgldSettings | null;
  runs: ArrheniusRun[];
  /** Runs with a ΔF, i.e. the fit's points. */
  used: number;
  /** OLS of ΔF on ln r over the used runs; null with fewer than 2 points or a single r. */
  fit: LineFit | null;
  /** Why there is no fit. */
  note: string | null;
}

/**
 * Paper 2's Arrhenius test (dynamics-methods §2.3, Q1.1) on a set of grokking runs: the hypothesis
 * r_{i→j} ∝ exp(β_eff·ΔF_{i→j}) is tested by the OLS fit of ΔF on ln r over the runs kept by `grokkingEvents`,
 * with ΔF = ln n·(λ̂_j − λ̂_i) + n·(L_j − L_i) in the chosen sign. The paper reports a negative slope with a low
 * R² (in the analysis code's sign, our default), and calls it consistent with the hypothesis.
 */
export async function arrheniusTest(dirs: readonly string[], o: ArrheniusOptions = {}): Promise<ArrheniusReport> {
  if (dirs.length === 0) throw new RangeError('the Arrhenius test needs at least one grokking run folder');
  const sign = o.sign ?? DEFAULT_FREE_ENERGY_SIGN;
  const runs: ArrheniusRun[] = [];
  let sampler: ResolvedSgldSettings | null = null;
  for (const dir of dirs) {
    const run = await readToyRun(dir);
    if (run.preset !== 'grokking') throw new Error(`${dir}: the Arrhenius test needs grokking runs, this is a '${run.preset}' run`);
    const events = grokkingEvents(checkpointAccuracies(run), o.grokking);
    const sampling = checkpointSampling(run);
    let memorisedLlc: CheckpointLlc | null = null;
    let generalisedLlc: CheckpointLlc | null = null;
    if (events.kept) {
      const runSampler = await RunSampler.create(run, sampling, o.sgld);
      try {
        memorisedLlc = await runSampler.estimate(events.memorised!.index, o.signal);
        generalisedLlc = await runSampler.estimate(events.generalised!.index, o.signal);
      } finally {
        await runSampler.release();
      }
      sampler ??= runSampler.settings;
    }
    const [i, j] = [memorisedLlc, generalisedLlc];
    const deltaF = i?.llc && j?.llc ? freeEnergyDifference(sampling.n, { loss: i.loss, llc: i.llc.mean }, { loss: j.loss, llc: j.llc.mean }, sign) : null;
    runs.push({ run: dir, n: sampling.n, ...events, memorisedLlc, generalisedLlc, deltaF, logGap: deltaF === null ? null : Math.log(events.gap!) });
    o.onRun?.(runs[runs.length - 1], runs.length, dirs.length);
  }
  const points = runs.filter((r) => r.deltaF !== null);
  const gaps = new Set(points.map((r) => r.gap));
  let fit: LineFit | null = null;
  let note: string | null = null;
  if (points.length < 2) note = `${points.length} run${points.length === 1 ? '' : 's'} with a ΔF; the fit needs at least 2 (runs are kept when they memorise, generalise, and j − i exceeds the minimum gap)`;
  else if (gaps.size < 2) note = 'every kept run has the same r = j − i, so ΔF cannot be regressed on ln r';
  else fit = fitLine(points.map((r) => r.logGap!), points.map((r) => r.deltaF!));
  return { sign, sampler, runs, used: points.length, fit, note };
}

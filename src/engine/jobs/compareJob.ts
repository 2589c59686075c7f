/** compareSaes: match two SAEs' latents one-to-one by decoder cosine, and evaluate both on the same rows. */
import type { SaeBundle } from '../sae/bundle';
import { evaluateSae } from '../sae/evaluate';
import { loadSae } from '../sae/formats';
import { unitRows } from '../sae/metrics';
import { openSource } from '../sources';
import type { CompareResult, EngineSettings, JobProgress, MetricDifference } from '../../shared/protocol';
import type { JobHandlers } from './dispatcher';
import { crossCosines, nearestCandidates } from './crossCosine';
import { greedyMatch, HUNGARIAN_LIMIT, hungarianMatch, summarizeMatch } from './matching';

/** Lists in the result are capped so the message stays small for wide SAEs. */
const LIST_CAP = 500;
/** Candidates per A latent for greedy matching. */
const CANDIDATES = 8;
const EVAL_BATCH = 256;

export function compareHandler(settings: EngineSettings): JobHandlers['compareSaes'] {
  return async ({ a: pathA, b: pathB, threshold, data, rows }, { signal, progress }) => {
    const started = performance.now();
    progress({ message: 'loading both SAEs' });
    const [a, b] = await Promise.all([loadSae(pathA), loadSae(pathB)]);
    const dim = a.cfg.d_in;
    if (b.cfg.d_in !== dim) throw new Error(`the SAEs read different inputs: d_in ${dim} (${pathA}) and ${b.cfg.d_in} (${pathB})`);
    const nA = a.cfg.d_sae;
    const nB = b.cfg.d_sae;
    const unitA = unitRows(a.W_dec, nA, dim);
    const unitB = unitRows(b.W_dec, nB, dim);
    const hungarian = Math.max(nA, nB) <= HUNGARIAN_LIMIT;
    let aToB: Int32Array;
    let cosineOf: (i: number, j: number) => number;
    if (hungarian) {
      progress({ message: `Hungarian matching of ${nA} × ${nB} latents` });
      const cosines = crossCosines(unitA, nA, unitB, nB, dim);
      aToB = hungarianMatch(cosines, nA, nB);
      cosineOf = (i, j) => cosines[i * nB + j];
    } else {
      const candidates = await nearestCandidates(unitA, nA, unitB, nB, dim, CANDIDATES, {
        ...engineOptions(settings),
        signal,
        onBlock: (done) => progress({ message: `nearest decoder directions: ${done} of ${nA}`, fraction: done / nA }),
      });
      aToB = greedyMatch(candidates, nA, nB);
      cosineOf = (i, j) => dotRows(unitA, i, unitB, j, dim);
    }
    const match = summarizeMatch(aToB, cosineOf, nB, threshold);
    const metrics = data === '' ? null : await compareMetrics(a, b, data, rows, signal, progress);
    return {
      a: described(a, pathA),
      b: described(b, pathB),
      method: hungarian ? 'hungarian' : 'greedy',
      threshold,
      meanCosine: match.meanCosine,
      shared: match.shared,
      unmatchedA: match.unmatchedA.length,
      unmatchedB: match.unmatchedB.length,
      cosineHistogram: match.histogram,
      pairs: match.pairs.slice(0, LIST_CAP),
      unmatchedAList: match.unmatchedA.slice(0, LIST_CAP),
      unmatchedBList: match.unmatchedB.slice(0, LIST_CAP),
      metrics,
      seconds: (performance.now() - started) / 1000,
    } satisfies CompareResult;
  };
}

function engineOptions(settings: EngineSettings) {
  return { executionProvider: settings.executionProvider, ...(settings.threads > 0 ? { threads: settings.threads } : {}) };
}

function described(bundle: SaeBundle, path: string) {
  return { path, dIn: bundle.cfg.d_in, dSae: bundle.cfg.d_sae, architecture: bundle.cfg.architecture };
}

function dotRows(x: Float32Array, i: number, y: Float32Array, j: number, dim: number): number {
  let dot = 0;
  for (let d = 0; d < dim; d++) dot += x[i * dim + d] * y[j * dim + d];
  return dot;
}

/** Both SAEs on the same rows: each opens the source with the same seed. */
async function compareMetrics(
  a: SaeBundle,
  b: SaeBundle,
  data: string,
  rows: number,
  signal: AbortSignal,
  progress: (update: JobProgress) => void,
): Promise<CompareResult['metrics']> {
  const evaluations = [];
  for (const [name, bundle] of [['A', a], ['B', b]] as const) {
    progress({ message: `evaluating ${name} on ${rows} rows of ${data}` });
    const { source } = await openSource(data, { seed: 7, shuffle: true, loop: true, expectDIn: bundle.cfg.d_in });
    try {
      evaluations.push(await evaluateSae(bundle, source, { rows, batch: EVAL_BATCH, signal }));
    } finally {
      await source.close();
    }
  }
  if (signal.aborted) throw new Error('cancelled');
  const byId = new Map(evaluations[1].metrics.map((m) => [m.id, m]));
  const values: MetricDifference[] = [];
  for (const m of evaluations[0].metrics) {
    const other = byId.get(m.id);
    if (other && Number.isFinite(m.value) && Number.isFinite(other.value)) values.push({ id: m.id, label: m.label, formula: m.formula, a: m.value, b: other.value });
  }
  return { data, rows: evaluations[0].rows, values };
}

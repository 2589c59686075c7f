/**
 * alignModels: alignment after disentanglement (src/engine/diagnostics/alignment) as a worker job, with every
 * target unit's score for the panel's chart. Progress counts SAE training steps (most of the time) and then the
 * comparisons scored; Cancel stops it between chunks of steps or between comparisons, and nothing is kept.
 */
import { resolveModelInput } from '../diagnostics/alignment/modelInput';
import { runAlignment, type AlignmentChange, type AlignmentResult, type ComparisonRow, type SideSummary } from '../diagnostics/alignment/runAlignment';
import type { AlignmentScore } from '../diagnostics/alignment/score';
import { loadSae } from '../sae/formats';
import type { AlignChange, AlignOutcome, AlignRow, AlignScoreView, AlignSettings, AlignSide } from '../../shared/protocol';
import type { JobContext, JobHandlers } from './dispatcher';

/** Share of the progress bar given to SAE training when there is any. */
const TRAINING_SHARE = 0.8;

export function alignHandler(): JobHandlers['alignModels'] {
  return async ({ settings }, context) => alignModels(settings, context);
}

export async function alignModels(s: AlignSettings, { signal, progress }: JobContext): Promise<AlignOutcome> {
  progress({ message: `reading ${s.a} and ${s.b}` });
  const [a, b] = [await resolveModelInput(s.a), await resolveModelInput(s.b)];
  const sae = { ...(s.saeA ? { a: await loadSae(s.saeA) } : {}), ...(s.saeB ? { b: await loadSae(s.saeB) } : {}) };
  const training = !s.saeA || !s.saeB;
  const result = await runAlignment({
    a,
    b,
    ...(s.data === null ? {} : { data: s.data }),
    sae,
    ...(s.width === null ? {} : { width: s.width }),
    k: s.k,
    lr: s.lr,
    batch: s.batch,
    ...(s.saeSteps === null ? {} : { saeSteps: s.saeSteps }),
    evalRows: s.evalRows,
    folds: s.folds,
    seed: s.seed,
    bothDirections: s.bothDirections,
    perUnit: true,
    signal,
    log: (line) => progress({ message: line }),
    onProgress: (p) => {
      const part = p.done / p.total;
      const fraction = !training ? part : p.phase === 'sae' ? TRAINING_SHARE * part : TRAINING_SHARE + (1 - TRAINING_SHARE) * part;
      progress({ message: p.message, fraction });
    },
  });
  return alignOutcome(result);
}

export function alignOutcome(r: AlignmentResult): AlignOutcome {
  return {
    rows: { ...r.rows, available: r.rows.available ?? null },
    a: side(r.a),
    b: side(r.b),
    directions: [
      { direction: 'A→B', table: r.table.map(row), change: change(r.change) },
      ...(r.reverse ? [{ direction: 'B→A' as const, table: r.reverse.table.map(row), change: change(r.reverse.change) }] : []),
    ],
    protocol: { folds: r.protocol.folds, cvSeed: r.protocol.cvSeed, alphas: [...r.protocol.alphas], formulas: { ...r.protocol.formulas } },
  };
}

function side(s: SideSummary): AlignSide {
  return {
    label: s.label,
    kind: s.kind,
    units: s.units,
    sae: { origin: s.sae.origin, width: s.sae.width, k: s.sae.k ?? null, steps: s.sae.steps ?? null, heldOut: { ...s.sae.heldOut } },
    recovery: s.recovery ? { represented: s.recovery.represented, mmcs: s.recovery.mmcs } : null,
  };
}

function row(r: ComparisonRow): AlignRow {
  return { comparison: r.comparison, source: r.source, target: r.target, semi: score(r.semi), soft: score(r.soft), ridge: score(r.ridge) };
}

function score(s: AlignmentScore): AlignScoreView {
  return {
    mean: s.mean,
    sem: s.sem,
    folds: s.folds,
    sourceUnits: s.sourceUnits,
    targetUnits: s.targetUnits,
    alphas: s.alphas ?? null,
    perUnit: s.perUnit ?? null,
  };
}

/** JSON has no ±Infinity or NaN: a relative change against an N→N score of 0 is null. */
function change(c: AlignmentChange): AlignChange {
  const one = (m: keyof AlignmentChange) => ({ difference: c[m].difference, relative: Number.isFinite(c[m].relative) ? c[m].relative : null });
  return { semi: one('semi'), soft: one('soft'), ridge: one('ridge') };
}

/**
 * The outcome of a sweep the user cancelled, built by the host from what the worker streamed (its shape, then one
 * row per finished SAE), so the finished SAEs are kept even though the job itself never answers.
 */
import { recommendL0 } from '../../engine/diagnostics/l0/recommend';
import type { L0RecommendationData, L0SweepOutcome, L0SweepRow, L0SweepSettings, L0SweepStart } from '../../shared/protocol';

export function cancelledOutcome(settings: L0SweepSettings, start: L0SweepStart, rows: readonly L0SweepRow[], seconds: number): L0SweepOutcome {
  return {
    data: settings.data,
    arch: settings.arch,
    dIn: start.dIn,
    width: start.width,
    steps: settings.steps,
    batch: settings.batch,
    lr: settings.lr,
    seed: settings.seed,
    evalRows: Math.ceil(settings.evalRows / settings.batch) * settings.batch,
    trueL0: start.trueL0,
    rows: [...rows],
    recommended: recommendedRow(rows),
    cancelled: true,
    // Only the total is known on the host; the engine's split was not sent.
    seconds: { data: 0, training: 0, evaluation: 0, total: seconds },
  };
}

/** The engine's rule on the rows so far: the minimum of c_dec where the truth is known (toys), else the elbow. */
export function recommendedRow(rows: readonly L0SweepRow[]): L0RecommendationData | null {
  return recommendL0(rows, rows.some((r) => r.mmcs !== null)) ?? null;
}

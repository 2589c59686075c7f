/** What the LLC and influence commands need that is not VS Code: where a run's checkpoints are, pairs, one-line summaries. */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DynamicsRunRecord, LlcModel } from '../../shared/protocol';
import { TOY_CHECKPOINTS_FOLDER } from '../runs/runFolder';

/** Toy presets the engine can sample at their checkpoints (checkpointSampling's SAMPLED_PRESETS). */
export const LLC_RUN_PRESETS = ['linear-regression', 'rrr', 'normal-crossing', 'polynomial', 'dln', 'grokking'];
/** Influence needs the model's per-sample losses, which the engine knows for the deep linear network. */
export const INFLUENCE_PRESET = 'dln';
export const DEFAULT_PAIRS = ['dog:oak', 'dog:sparrow', 'dog:cat'];

export const LLC_MODEL_LABELS: Record<LlcModel, { label: string; detail: string }> = {
  linear: { label: 'Linear regression', detail: 'y = wᵀx, d = 5 inputs, 1000 rows: regular, λ = d/2 = 2.5' },
  rrr: { label: 'Reduced-rank regression', detail: 'f = BAx, 6 → 3 → 6 of rank 3: λ from Aoyagi & Watanabe (13.5)' },
  'normal-crossing': { label: 'Normal crossing', detail: 'f = x·w₁·w₂² at w* = 0: λ = 1/(2·max k) = 0.25' },
  polynomial: { label: 'Polynomial (degree 10)', detail: 'Σ aᵢxⁱ on [−1, 1]: λ = 5.5, less where high powers are nearly unidentifiable' },
};

const CHECKPOINT = /^step_\d+\.safetensors$/;

/** The folder holding a toy run's step_<n>.safetensors: its checkpoints/ (a saved run) or itself (saescope toy --out); undefined if neither. */
export async function checkpointFolderOf(folder: string): Promise<string | undefined> {
  for (const candidate of [join(folder, TOY_CHECKPOINTS_FOLDER), folder]) {
    const names = await readdir(candidate).catch(() => [] as string[]);
    if (names.some((name) => CHECKPOINT.test(name))) return candidate;
  }
  return undefined;
}

/** Every unordered pair of items, `a:b` in item order (the correlation is symmetric). */
export function itemPairs(items: readonly string[]): string[] {
  return items.flatMap((a, i) => items.slice(i + 1).map((b) => `${a}:${b}`));
}

const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? '—' : v.toFixed(digits));

/** One line for the Output channel and the Runs view. */
export function describeRecord(record: DynamicsRunRecord): string {
  if (record.kind === 'influence') {
    const t = record.outcome.trajectories;
    const onsets = t.pairs.map((p) => `${p.pair} ${p.marks.harmfulOnset === null ? 'never harmful' : `harmful from ${p.marks.harmfulOnset}`}`);
    return `${t.checkpoints.length} checkpoints${record.outcome.cancelled ? ' (cancelled)' : ''}; ${onsets.join(', ')}`;
  }
  const o = record.outcome;
  if (o.mode === 'family') {
    if (!o.family) return 'cancelled';
    const e = o.family.estimate;
    return `${o.family.model}: λ̂ ${num(e.llc.mean)} ± ${num(e.llc.std)} (theory ${num(o.family.theory.lambda, 2)})${e.health.warnings.length ? `, ${e.health.warnings.length} warnings` : ''}`;
  }
  const last = o.run.checkpoints.at(-1);
  return `${o.run.preset}: ${o.run.checkpoints.length} checkpoints${o.cancelled ? ' (cancelled)' : ''}, λ̂ ${num(last?.llc?.mean)} at step ${last?.step ?? '—'}, ${o.run.stages.boundaries.length} stage boundaries`;
}

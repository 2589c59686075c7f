/**
 * l0Sweep: Sparse but Wrong's L0 sweep in the worker. Each SAE's row streams out as a progress event as soon as it
 * is evaluated (with, on toys, its latent × feature cosines in display order), so a cancelled sweep has already
 * handed the host everything that finished.
 */
import { displayOrder, reorderLatents } from '../diagnostics/mixing/reorder';
import { runL0Sweep, type L0SweepEntry } from '../diagnostics/l0/sweep';
import type { SaeBundle } from '../sae/bundle';
import { decoderFeatureCosines } from '../sae/metrics';
import type { ToyTruth } from '../toys';
import type { L0Heatmap, L0SweepOutcome, L0SweepRow } from '../../shared/protocol';
import type { JobHandlers } from './dispatcher';

/** Heatmaps above this many cells are left out: they would swell every message and the saved run. */
export const HEATMAP_CELL_LIMIT = 256 * 256;

export function l0SweepHandler(): JobHandlers['l0Sweep'] {
  return async ({ settings: s }, { signal, progress }) => {
    const rows: L0SweepRow[] = [];
    let heatmap: L0Heatmap | null = null;
    let lastFraction = -1;
    const result = await runL0Sweep(
      {
        data: s.data,
        arch: s.arch,
        ...(s.width === null ? {} : { width: s.width }),
        ...(s.l0s === null ? {} : { l0s: s.l0s }),
        ...(s.coefficients === null ? {} : { coefficients: s.coefficients }),
        steps: s.steps,
        batch: s.batch,
        lr: s.lr,
        seed: s.seed,
        evalRows: s.evalRows,
      },
      {
        signal,
        log: (line) => progress({ message: line }),
        onStart: ({ dIn, width, trueL0, settings }) =>
          progress({ message: `d_in ${dIn}, d_sae ${width}`, l0Start: { dIn, width, trueL0: trueL0 ?? null, settings } }),
        onProgress: (done, total) => {
          const fraction = done / total;
          // Progress events every 1% at most: the host's event loop has better things to do.
          if (fraction - lastFraction < 0.01 && done < total) return;
          lastFraction = fraction;
          progress({ message: `training: step ${done} of ${total}`, fraction });
        },
        onSae: (sae, _entry, truth) => {
          heatmap = truth ? latentFeatureHeatmap(sae, truth) : null;
        },
        onResult: (entry, index) => {
          const row = toRow(entry, index, heatmap);
          rows.push(row);
          progress({ message: `L0 ${entry.l0.toFixed(2)}: c_dec ${entry.cDec.toFixed(4)}`, l0Row: row });
        },
      },
    );
    return {
      data: result.data,
      arch: result.arch,
      dIn: result.dIn,
      width: result.width,
      steps: result.steps,
      batch: result.batch,
      lr: result.lr,
      seed: result.seed,
      evalRows: result.evalRows,
      trueL0: result.trueL0 ?? null,
      rows,
      recommended: result.recommended ?? null,
      cancelled: result.cancelled,
      seconds: result.seconds,
    } satisfies L0SweepOutcome;
  };
}

/** C_ij = cos(W_dec[i,:], f_j), rows in the papers' display order; null when too large to send. */
export function latentFeatureHeatmap(sae: SaeBundle, truth: ToyTruth): L0Heatmap | null {
  const { d_in: dIn, d_sae: dSae } = sae.cfg;
  if (dSae * truth.nFeatures > HEATMAP_CELL_LIMIT) return null;
  const C = decoderFeatureCosines(sae.W_dec, dSae, dIn, truth.features, truth.nFeatures);
  const { order } = displayOrder(C);
  const ordered = reorderLatents(C, order);
  return { latents: dSae, features: truth.nFeatures, order: [...order], cosines: Array.from(ordered.data, (c) => Math.round(c * 1e4) / 1e4) };
}

function toRow(e: L0SweepEntry, index: number, heatmap: L0Heatmap | null): L0SweepRow {
  return {
    index,
    k: e.k ?? null,
    coefficient: e.coefficient ?? null,
    l0: e.l0,
    cDec: e.cDec,
    projections: e.projections,
    mse: e.mse,
    explainedVariance: e.explainedVariance,
    explainedVarianceUncentred: e.explainedVarianceUncentred,
    deadLatents: e.deadLatents,
    mmcs: e.mmcs ?? null,
    groundTruthMse: e.groundTruthMse ?? null,
    groundTruthExplainedVarianceUncentred: e.groundTruthExplainedVarianceUncentred ?? null,
    heatmap,
  };
}

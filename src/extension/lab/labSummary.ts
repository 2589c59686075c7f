/** The Dynamics lab's default settings and one-line summaries, for the Output channel and the Runs view (no VS Code here). */
import type { LabOutcome, LabSettings } from '../../shared/protocol';

/** Loss against time: the engine's default windows (the last decade; every point), 25 log bins per decade. */
export function fitTimeSettings(source: string, steps: number | null): LabSettings {
  return { mode: 'fitTime', source, metric: 'loss', from: null, to: null, floorFrom: null, floorTo: null, perDecade: 25, steps, seed: 0 };
}

/** The default fit-time: the peaked-softmax learner (SGD, lr 10, T = 0.001), whose loss falls as t^(−1/3). */
export const PEAKED_SOFTMAX = 'toy:peaked-softmax';

/** Loss against width: the superposition toy at n = 128 over m = 4, 6, 8, 12, 16 (the spec's reduced setting). */
export function widthSettings(regime: 'strong' | 'weak', alpha: number, widths: number[], steps: number | null): LabSettings {
  return { mode: 'width', regime, alpha, widths, features: 128, steps, seed: 0 };
}

export const DEFAULT_WIDTHS = [4, 6, 8, 12, 16];

/** Widths typed as a list (commas or spaces): at least two positive integers, else undefined. */
export function parseWidths(text: string): number[] | undefined {
  const widths = text.split(/[\s,]+/).filter((w) => w !== '').map(Number);
  return widths.length >= 2 && widths.every((m) => Number.isInteger(m) && m >= 1) ? widths : undefined;
}

export const TRUTH_TOY = 'toy:truth';

/** Probes: two stratified folds (the spec's 50/50 split, both ways round); LayerNorm-style rows for files, the model's own v/‖v‖ for the toy. */
export function probeSettings(source: string, labels: string | null, layer: string | null, steps: number | null): LabSettings {
  return { mode: 'probe', source, labels, layer, folds: 2, normalisation: source === TRUTH_TOY ? 'rms' : 'layernorm', steps, seed: 0 };
}

const g = (v: number) => Number(v.toPrecision(4)).toString();
const pm = (v: number, e: number | null) => `${v.toFixed(3)}${e === null ? '' : ` ± ${e.toFixed(3)}`}`;

export function describeSettings(s: LabSettings): string {
  switch (s.mode) {
    case 'fitTime':
      return `loss against time on ${s.source}${s.steps === null ? '' : ` (${s.steps} steps)`}`;
    case 'width':
      return `loss against width, ${s.regime} regime, α = ${s.alpha}, m = ${s.widths.join(', ')}${s.steps === null ? '' : `, ${s.steps} steps each`}`;
    case 'probe':
      return `truth probes on ${s.source}${s.layer ? ` [${s.layer}]` : ''}${s.steps === null ? '' : ` (${s.steps} steps)`}`;
  }
}

export function describeOutcome(outcome: LabOutcome): string {
  const cut = outcome.cancelled ? ' (cancelled: what finished)' : '';
  switch (outcome.mode) {
    case 'fitTime': {
      const f = outcome.fit;
      if (!f) return `no fit${cut}`;
      const floor = f.powerLawWithFloor;
      return `α = ${pm(f.powerLaw.alpha, f.powerLaw.alphaStdError)} on [${g(f.powerLaw.from)}, ${g(f.powerLaw.to)}]${floor ? `; with floor α = ${pm(floor.alpha, floor.alphaStdError)}, L0 = ${g(floor.l0)}` : ''}${cut}`;
    }
    case 'width': {
      const s = outcome.scaling;
      if (!s) return `no width finished${cut}`;
      return `${s.regime}: ${s.exponent ? `α_m = ${pm(s.exponent.alpha, s.exponent.alphaStdError)}` : 'no exponent'} over m = ${s.widths.map((w) => w.m).join(', ')}${cut}`;
    }
    case 'probe': {
      const p = outcome.probe;
      if (!p) return `no probe${cut}`;
      if (p.kind === 'file') return `logistic AUC raw ${p.raw.logistic.auc.mean.toFixed(3)}, normalised ${p.normalised.logistic.auc.mean.toFixed(3)} (${p.rows} rows × ${p.d})${cut}`;
      return `truth toy: ${p.positions.map((q) => `${q.position} AUC ${q.probes.raw.logistic.auc.mean.toFixed(2)} raw / ${q.probes.normalised.logistic.auc.mean.toFixed(2)} normalised`).join('; ')}${cut}`;
    }
  }
}

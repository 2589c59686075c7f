/** One-line summaries of hedging settings and outcomes, for the Output channel and the Runs view (no VS Code here). */
import type { HedgingOutcome, HedgingPart, HedgingSettings } from '../../shared/protocol';

/** The diagnostic's defaults: the engine's (the paper's) toys, γ values, new latents and baselines; `steps` from the setting. */
export function defaultToySettings(steps: number | null): HedgingSettings {
  return { mode: 'toys', toys: null, steps, seed: 0 };
}

export function defaultGammaSettings(steps: number | null): HedgingSettings {
  return { mode: 'gamma', toy: 'toy:tree', gammas: null, detached: true, steps, seed: 0 };
}

export function saeSettings(sae: string, data: string, steps: number | null): HedgingSettings {
  return { mode: 'sae', sae, data, steps, newLatents: 64, baselines: 50, seed: 0 };
}

const deg = (radians: number) => `${((radians * 180) / Math.PI).toFixed(1)}°`;

/** The trained decoder's angle from the parent towards the child, in the parent–child plane. */
export const decoderAngle = (c: { parent: number; child: number }) => Math.atan2(c.child, c.parent);

export function describePart(part: HedgingPart): string {
  if (part.kind === 'toy') {
    const t = part.toy;
    return `${t.toy}: θ* ${deg(t.analytic.theta)} (cos ${t.analytic.cosParent.toFixed(3)} | ${t.analytic.cosChild.toFixed(3)}), trained decoder θ ${deg(decoderAngle(t.trained.decoder))} (cos ${t.trained.decoder.parent.toFixed(3)} | ${t.trained.decoder.child.toFixed(3)})`;
  }
  const run = part.sweep.runs.at(-1);
  return run ? `${run.label}: absorption ${run.parents.map((p) => p.absorption.toFixed(3)).join(', ')}, hedging ${run.parents.map((p) => p.hedging.toFixed(3)).join(', ')}, mixing ${run.mixing.toFixed(3)}` : 'γ sweep: no run yet';
}

export function describeOutcome(outcome: HedgingOutcome): string {
  const cut = outcome.cancelled ? ' (cancelled: what finished)' : '';
  switch (outcome.mode) {
    case 'toys':
      return `${outcome.toys.length} single-latent toy${outcome.toys.length === 1 ? '' : 's'}${cut}`;
    case 'sae': {
      const d = outcome.degree;
      return d ? `h = ${d.degree.toFixed(4)} (p ${d.portion.toFixed(4)}, b ${d.baseline.toFixed(4)} ± ${d.baselineStd.toFixed(4)})${cut}` : `no result${cut}`;
    }
    case 'gamma': {
      const b = outcome.sweep.balance;
      return `${b ? `balance γ = ${b.gamma} (mixing ${b.mixing.toFixed(3)})` : 'no balance point'}, ${outcome.sweep.runs.length} runs${cut}`;
    }
  }
}

/** Whether anything finished, so there is something to save. */
export function hasResults(outcome: HedgingOutcome | null): outcome is HedgingOutcome {
  if (!outcome) return false;
  return outcome.mode === 'toys' ? outcome.toys.length > 0 : outcome.mode === 'sae' ? outcome.degree !== null : outcome.sweep.runs.length > 0;
}

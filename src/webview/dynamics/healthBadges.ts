/** An LLC estimate's health checks as pass / warn badges, each with its rule on hover. */
import { html } from 'lit';
import type { LlcHealthView } from '../../shared/protocol';
import { num } from './format';

export type BadgeLevel = 'pass' | 'warn' | 'note';

export interface Badge {
  check: 'flattened' | 'negative' | 'divergence';
  level: BadgeLevel;
  text: string;
  rule: string;
}

const FLATTENED_RULE =
  'With q₃, q₄ each chain’s trace mean over the third and the last quarter of the draws and Δ = q₄ − q₃: flattened ⇔ |mean Δ| ≤ max(2·sd(Δ)/√chains, 0.1·|mean q₄|). Not flattened: raise burn-in or draws, or ε.';
const NEGATIVE_RULE =
  'Share of draws whose loss lies below L(w*). With full batch, more than half means w* is probably not a local minimum (warned); with minibatches it mostly measures minibatch noise.';
const DIVERGENCE_RULE = 'A chain whose loss becomes NaN or infinite stops recording and is left out of λ̂; if every chain diverges, lower ε, raise γ or add a bounding box.';

export function healthBadges(h: LlcHealthView): Badge[] {
  const q = h.lastQuarters;
  const share = h.negativeShare;
  const shareText = share === null ? '—' : `${(100 * share).toFixed(1)}%`;
  return [
    {
      check: 'flattened',
      level: h.flattened ? 'pass' : 'warn',
      text: h.flattened ? 'trace flattened' : 'trace not flattened',
      rule: `${FLATTENED_RULE} Here q₃ = ${num(q.third)}, q₄ = ${num(q.fourth)}, mean Δ = ${num(q.change)}.`,
    },
    {
      check: 'negative',
      level: !h.fullBatch ? 'note' : share !== null && share > 0.5 ? 'warn' : 'pass',
      text: `${shareText} of draws below L(w*)${h.fullBatch ? '' : ' (minibatch)'}`,
      rule: NEGATIVE_RULE,
    },
    {
      check: 'divergence',
      level: h.divergences.length ? 'warn' : 'pass',
      text: h.divergences.length ? `${h.divergences.length} chain(s) diverged (${h.divergences.map((d) => `chain ${d.chain} at step ${d.step}`).join(', ')})` : 'no chain diverged',
      rule: DIVERGENCE_RULE,
    },
  ];
}

const SYMBOL: Record<BadgeLevel, string> = { pass: '✓', warn: '⚠', note: 'ℹ' };

export function healthSection(h: LlcHealthView) {
  return html`
    <div class="badges">
      ${healthBadges(h).map((b) => html`<span class="badge ${b.level} ${b.check}" title=${b.rule}>${SYMBOL[b.level]} ${b.text}</span>`)}
    </div>
    ${h.warnings.length ? html`<ul class="warnings">${h.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : ''}
  `;
}

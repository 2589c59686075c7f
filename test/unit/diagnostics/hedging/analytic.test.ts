import assert from 'node:assert/strict';
import { hedgingLossCurve, hedgingOptimum, pairFiring } from '../../../../src/engine/diagnostics/hedging/analytic';

describe('hedging: the single-latent optimum θ* = ½·atan(2P₁₂/P₁) (T6, analytic)', () => {
  const table: [number, number, number, number][] = [
    [0.2, 0.05, 0.9732, 0.2297],
    [0.3, 0.1, 0.9571, 0.2898],
    [0.1, 0.3, 0.763, 0.6464],
    [0.25, 0.25, 0.8507, 0.5257],
  ];
  for (const [p1, p12, cosParent, cosChild] of table) {
    it(`P₁ ${p1}, P₁₂ ${p12}: cos(latent, parent) ${cosParent}, cos(latent, child) ${cosChild}`, () => {
      const o = hedgingOptimum(p1, p12);
      // The spec's table is cut to 4 decimals (sin θ* = 0.22975… reads 0.2297).
      assert.ok(Math.abs(o.cosParent - cosParent) < 1e-4, `${o.cosParent}`);
      assert.ok(Math.abs(o.cosChild - cosChild) < 1e-4, `${o.cosChild}`);
      assert.ok(Math.abs(Math.tan(2 * o.theta) - (2 * p12) / p1) < 1e-12);
    });
  }

  it('is the minimum of the expected-loss curve at λ = 0, which matches E[L] = P₁sin²θ + P₁₂(1 − sin 2θ)', () => {
    for (const [p1, p12] of table) {
      const curve = hedgingLossCurve(p1, p12, 0, 20001);
      for (const pt of curve.filter((_, i) => i % 1000 === 0)) {
        assert.ok(Math.abs(pt.expectedLoss - (p1 * Math.sin(pt.theta) ** 2 + p12 * (1 - Math.sin(2 * pt.theta)))) < 1e-12);
      }
      const best = curve.reduce((a, b) => (b.expectedLoss < a.expectedLoss ? b : a));
      assert.ok(Math.abs(best.theta - hedgingOptimum(p1, p12).theta) < 1e-4, `${best.theta} vs ${hedgingOptimum(p1, p12).theta}`);
    }
  });

  it('the curve\'s ends: α = 0 is the parent (P₁₂ pays for the child), α = 1 the child; L1 adds λ·activation', () => {
    const [parent, child] = [hedgingLossCurve(0.2, 0.05, 0, 2)[0], hedgingLossCurve(0.2, 0.05, 0, 2)[1]];
    assert.ok(Math.abs(parent.expectedLoss - 0.05) < 1e-12);
    assert.ok(Math.abs(child.expectedLoss - (0.2 + 0.05)) < 1e-12);
    // With λ the parent latent pays λ·1 on both patterns.
    assert.ok(Math.abs(hedgingLossCurve(0.2, 0.05, 0.1, 2)[0].expectedLoss - (0.05 + 0.1 * 0.25)) < 1e-12);
  });

  it('firing patterns of the four toys', () => {
    assert.deepEqual(pairFiring(0.25, 0.2, 0), { parentOnly: 0.2, both: 0.05, childOnly: 0, neither: 0.75 });
    const anti = pairFiring(0.25, 0.1, 0.2);
    assert.ok(Math.abs(anti.parentOnly - 0.225) < 1e-12 && Math.abs(anti.both - 0.025) < 1e-12 && Math.abs(anti.childOnly - 0.15) < 1e-12);
    assert.throws(() => hedgingOptimum(0, 0), /P₁ \+ P₁₂ > 0/);
  });
});

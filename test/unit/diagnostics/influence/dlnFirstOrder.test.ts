import assert from 'node:assert/strict';
import { dlnGradientSimilarity } from '../../../../src/engine/diagnostics/influence/dlnFirstOrder';
import { hierarchicalData } from '../../../../src/engine/toys/models/hierarchicalData';
import { Rng } from '../../../../src/engine/util/random';

/** ℓ_i = ½‖y_i − W2 W1 e_i‖² evaluated directly, for central differences. */
function itemLoss(w: Float64Array, hidden: number, features: number, n: number, targets: Float32Array, i: number): number {
  let sum = 0;
  for (let f = 0; f < features; f++) {
    let out = 0;
    for (let k = 0; k < hidden; k++) out += w[hidden * n + f * hidden + k] * w[k * n + i];
    sum += (targets[f * n + i] - out) ** 2;
  }
  return sum / 2;
}

describe('first-order influence proxy of the deep linear network', () => {
  it('equals ∇ℓ_i·∇ℓ_j from central differences over all weights', () => {
    const data = hierarchicalData(2);
    const hidden = 3, n = data.items.length, features = data.features.length;
    const rng = new Rng(7);
    const w = rng.fillNormal(new Float64Array(hidden * n + features * hidden), 0.5);
    const grads = data.items.map((_, i) => {
      const g = new Float64Array(w.length);
      for (let p = 0; p < w.length; p++) {
        const plus = Float64Array.from(w), minus = Float64Array.from(w);
        plus[p] += 1e-6;
        minus[p] -= 1e-6;
        g[p] = (itemLoss(plus, hidden, features, n, data.targets, i) - itemLoss(minus, hidden, features, n, data.targets, i)) / 2e-6;
      }
      return g;
    });
    const proxy = dlnGradientSimilarity(w.subarray(0, hidden * n), w.subarray(hidden * n), hidden, data);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const numeric = grads[i].reduce((s, v, p) => s + v * grads[j][p], 0);
        assert.ok(Math.abs(proxy.inner[i * n + j] - numeric) < 1e-6 * Math.max(1, Math.abs(numeric)), `(${i},${j}) ${proxy.inner[i * n + j]} vs ${numeric}`);
        const cos = numeric / Math.sqrt(grads[i].reduce((s, v) => s + v * v, 0) * grads[j].reduce((s, v) => s + v * v, 0));
        assert.ok(Math.abs(proxy.cosine[i * n + j] - cos) < 1e-6, `cos (${i},${j})`);
      }
    }
  });

  it('refuses weights that do not fit the hierarchy', () => {
    assert.throws(() => dlnGradientSimilarity(new Float32Array(5), new Float32Array(7), 2, hierarchicalData(2)), /w1 has 5 values \(needs 2×4\)/);
  });
});

import assert from 'node:assert/strict';
import { inverseNormalCdf, normalCdf } from '../../../src/engine/toys';
import { standardNormal } from '../../../src/engine/toys/gaussian';
import { Rng } from '../../../src/engine/util/random';

const close = (actual: number, expected: number, rel: number, label: string) =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${label}: ${actual} vs ${expected}`);

describe('toys/normal', () => {
  it('Φ⁻¹ matches reference values (scipy.stats.norm.ppf) to 1e-13 relative', () => {
    const table: [number, number][] = [
      [0.975, 1.959963984540054],
      [0.9, 1.2815515655446004],
      [0.6, 0.2533471031357997],
      [0.4, -0.2533471031357997],
      [0.05, -1.6448536269514729],
      [0.02425, -1.972961051311885],
      [0.01, -2.3263478740408408],
      [1e-10, -6.361340902404056],
      [1e-300, -37.0470962993612],
    ];
    for (const [p, x] of table) close(inverseNormalCdf(p), x, 1e-13, `Φ⁻¹(${p})`);
    assert.equal(inverseNormalCdf(0.5), 0);
  });

  it('Φ⁻¹ has the right edges and rejects non-probabilities', () => {
    assert.equal(inverseNormalCdf(0), -Infinity);
    assert.equal(inverseNormalCdf(1), Infinity);
    assert.ok(Number.isNaN(inverseNormalCdf(-0.1)));
    assert.ok(Number.isNaN(inverseNormalCdf(1.5)));
    assert.ok(Number.isNaN(inverseNormalCdf(NaN)));
  });

  it('Φ matches reference values in both tails', () => {
    const table: [number, number][] = [
      [-10, 7.61985302416047e-24],
      [-8, 6.22096057427174e-16],
      [-6, 9.865876450376946e-10],
      [-3, 0.0013498980316300933],
      [-1, 0.15865525393145707],
      [0.5, 0.6914624612740131],
      [2.9, 0.998134186699616],
      [3.1, 0.9990323967867817],
      [5, 0.9999997133484281],
    ];
    for (const [x, p] of table) close(normalCdf(x), p, 1e-13, `Φ(${x})`);
    assert.equal(normalCdf(0), 0.5);
  });

  it('Φ(Φ⁻¹(p)) = p across the unit interval', () => {
    for (let k = 1; k < 1000; k++) {
      const p = k / 1000;
      close(normalCdf(inverseNormalCdf(p)), p, 1e-13, `p = ${p}`);
    }
  });

  it('the ziggurat sampler is standard normal (moments and Kolmogorov–Smirnov)', () => {
    const rng = new Rng(11);
    const n = 400_000;
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = standardNormal(rng);
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (const x of xs) {
      m1 += x;
      m2 += x * x;
      m4 += x ** 4;
    }
    assert.ok(Math.abs(m1 / n) < 5 / Math.sqrt(n), `mean ${m1 / n}`);
    assert.ok(Math.abs(m2 / n - 1) < 5 * Math.sqrt(2 / n), `variance ${m2 / n}`);
    assert.ok(Math.abs(m4 / n - 3) < 5 * Math.sqrt(96 / n), `fourth moment ${m4 / n}`);
    xs.sort();
    let ks = 0;
    for (let i = 0; i < n; i++) ks = Math.max(ks, Math.abs(normalCdf(xs[i]) - (i + 0.5) / n));
    assert.ok(ks < 1.95 / Math.sqrt(n), `KS statistic ${ks} (0.1% critical value ${1.95 / Math.sqrt(n)})`);
    assert.ok(xs[0] < -4 && xs[n - 1] > 4, 'reaches the tails beyond the base layer');
  });
});

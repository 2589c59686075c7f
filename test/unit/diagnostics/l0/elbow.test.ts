import assert from 'node:assert/strict';
import { elbowIndex } from '../../../../src/engine/diagnostics/l0/elbow';
import { recommendL0 } from '../../../../src/engine/diagnostics/l0/recommend';
import { Rng } from '../../../../src/engine/util/random';

const curve = (xs: number[], f: (x: number) => number) => xs.map((x) => ({ x, y: f(x) }));
const geometric = (from: number, to: number, n: number) => Array.from({ length: n }, (_, i) => Math.round(from * (to / from) ** (i / (n - 1))));

describe('L0 diagnostics: elbow rule', () => {
  it('finds the bend of a metric that shoots up at low L0, not the far minimum of its flat tail', () => {
    // Steep below L0 200, then flat with a shallow minimum at 2000 (the paper's Gemma L5 shape).
    const xs = geometric(10, 2000, 15);
    const points = curve(xs, (x) => (x < 200 ? 0.05 + 0.4 * Math.log(200 / x) : 0.05 - 0.002 * Math.log(x / 200)));
    const i = elbowIndex(points);
    assert.ok(points[i].x >= 150 && points[i].x <= 260, `elbow at ${points[i].x}`);
    assert.equal(points.reduce((m, p, j) => (p.y < points[m].y ? j : m), 0), xs.length - 1, 'the minimum is far out');
  });

  it('is the knee of a hyperbola-like decay, and robust to mild noise', () => {
    const rng = new Rng(1);
    const xs = geometric(5, 500, 20);
    const clean = curve(xs, (x) => 1 / x + 0.01);
    const noisy = clean.map((p) => ({ x: p.x, y: p.y * (1 + 0.02 * rng.normal()) }));
    const a = elbowIndex(clean), b = elbowIndex(noisy);
    assert.ok(xs[a] >= 15 && xs[a] <= 60, `clean elbow at ${xs[a]}`);
    assert.ok(Math.abs(Math.log(xs[b] / xs[a])) <= Math.log(2), `noisy elbow at ${xs[b]}, clean at ${xs[a]}`);
  });

  it('falls back to the minimum when there is no bend before it', () => {
    // Rising everywhere: the minimum is the lowest L0.
    assert.equal(elbowIndex(curve([1, 2, 4, 8], (x) => x)), 0);
    // Falling linearly in log L0 (no point below the chord) down to a minimum, then rising.
    const pts = curve([1, 2, 4, 8, 16, 32], (x) => (x <= 8 ? 4 - Math.log2(x) : Math.log2(x) - 2));
    assert.equal(pts[elbowIndex(pts)].x, 8);
    assert.equal(elbowIndex([{ x: 3, y: 1 }]), 0);
    assert.equal(elbowIndex([]), -1);
  });

  it('returns an index into the points as given, not sorted', () => {
    const points = curve([100, 5, 20, 10, 50, 200], (x) => (x < 20 ? 2 / x : 0.1 - x / 1e4));
    assert.equal(points[elbowIndex(points)].x, 20);
  });

  it('recommends the c_dec minimum with ground truth and the elbow without', () => {
    const entries = [5, 7, 9, 11, 13, 15, 30, 60].map((l0) => ({ l0, cDec: l0 === 11 ? 0.001 : l0 < 11 ? 0.08 - 0.006 * l0 : l0 === 60 ? 0.0005 : 0.01 + 0.001 * l0 }));
    const toy = recommendL0(entries, true)!;
    assert.equal(toy.rule, 'minimum');
    assert.equal(toy.l0, 60);
    const real = recommendL0(entries, false)!;
    assert.equal(real.rule, 'elbow');
    assert.equal(real.l0, 11);
    assert.equal(entries[real.index].l0, 11);
    assert.equal(recommendL0([{ l0: 3, cDec: Number.NaN }], true), undefined);
  });
});

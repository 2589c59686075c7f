import assert from 'node:assert/strict';
import { hedgingDegree } from '../../../../src/engine/diagnostics/hedging/degree';
import { orthonormalBasis, projectionNorms } from '../../../../src/engine/diagnostics/hedging/subspace';
import { Rng } from '../../../../src/engine/util/random';

const d = 64, w = 32, N = 4;

function unit(v: Float64Array): Float64Array {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** Control rows (unit, random) and N new rows (Gaussian), as the extended decoder's tail. */
function setup(seed: number) {
  const rng = new Rng(seed);
  const control = new Float64Array(w * d);
  for (let i = 0; i < w; i++) control.set(unit(rng.fillNormal(new Float64Array(d))), i * d);
  const added = rng.fillNormal(new Float64Array(N * d));
  return { rng, control, added };
}

function extended(control: Float64Array, delta: Float64Array, added: Float64Array): Float64Array {
  const out = new Float64Array((w + N) * d);
  for (let k = 0; k < w * d; k++) out[k] = control[k] + delta[k];
  out.set(added, w * d);
  return out;
}

describe('hedging degree (T7: pure linear algebra, d 64, w 32, N 4)', () => {
  it('(a) no change in the original rows gives h = 0', () => {
    const { control, added } = setup(1);
    const r = hedgingDegree({ control, extended: extended(control, new Float64Array(w * d), added), width: w, dim: d });
    assert.equal(r.portion, 0);
    assert.equal(r.degree, 0);
    assert.equal(r.meanCosine, 1);
    assert.equal(r.rank, N);
  });

  it('(b) Δ_i = 0.3·u_i inside the new rows\' span: p = 0.3 exactly, b ≈ 0.3·√(N/d), h ∈ [0.22, 0.26]', () => {
    const { rng, control, added } = setup(2);
    const basis = orthonormalBasis(added, N, d);
    const delta = new Float64Array(w * d);
    for (let i = 0; i < w; i++) {
      const coefficients = unit(rng.fillNormal(new Float64Array(N)));
      for (let b = 0; b < N; b++) for (let k = 0; k < d; k++) delta[i * d + k] += 0.3 * coefficients[b] * basis.vectors[b * d + k];
    }
    const r = hedgingDegree({ control, extended: extended(control, delta, added), width: w, dim: d, seed: 7 });
    assert.ok(Math.abs(r.portion - 0.3) < 1e-12, `p ${r.portion}`);
    assert.ok(Math.abs(r.controlNorm - 1) < 1e-12);
    assert.ok(r.baseline > 0.05 && r.baseline < 0.09, `b ${r.baseline} (0.3·√(N/d) = 0.075)`);
    assert.ok(r.baselineStd > 0.003 && r.baselineStd < 0.03, `baseline std ${r.baselineStd}`);
    assert.ok(r.degree >= 0.22 && r.degree <= 0.26, `h ${r.degree}`);
    assert.equal(r.degree, (r.portion - r.baseline) / (1 - r.baseline));
  });

  it('(c) Δ drawn isotropically with the same norm: p ≈ b and h < 0.02', () => {
    const { rng, control, added } = setup(3);
    const delta = new Float64Array(w * d);
    for (let i = 0; i < w; i++) delta.set(unit(rng.fillNormal(new Float64Array(d))).map((x) => 0.3 * x), i * d);
    const r = hedgingDegree({ control, extended: extended(control, delta, added), width: w, dim: d, seed: 7 });
    assert.ok(Math.abs(r.deltaNorm - 0.3) < 1e-12);
    assert.ok(Math.abs(r.portion - r.baseline) < 0.02, `p ${r.portion} vs b ${r.baseline}`);
    assert.ok(r.degree < 0.02, `h ${r.degree}`);
  });

  it('the baseline is reproducible under its seed and changes with it', () => {
    const { control, added } = setup(4);
    const delta = new Float64Array(w * d).fill(0.01);
    const input = { control, extended: extended(control, delta, added), width: w, dim: d };
    assert.equal(hedgingDegree({ ...input, seed: 1 }).baseline, hedgingDegree({ ...input, seed: 1 }).baseline);
    assert.notEqual(hedgingDegree({ ...input, seed: 1 }).baseline, hedgingDegree({ ...input, seed: 2 }).baseline);
  });

  it('returns every baseline draw: b is their mean and baselineStd their sample standard deviation', () => {
    const { control, added } = setup(4);
    const delta = new Float64Array(w * d).fill(0.01);
    const r = hedgingDegree({ control, extended: extended(control, delta, added), width: w, dim: d, baselines: 12, seed: 3 });
    assert.equal(r.baselineSamples.length, 12);
    const mean = r.baselineSamples.reduce((a, b) => a + b, 0) / 12;
    const std = Math.sqrt(r.baselineSamples.reduce((a, b) => a + (b - mean) ** 2, 0) / 11);
    assert.ok(Math.abs(mean - r.baseline) < 1e-12 && Math.abs(std - r.baselineStd) < 1e-12, `${mean} vs ${r.baseline}, ${std} vs ${r.baselineStd}`);
    assert.ok(new Set(r.baselineSamples).size === 12, 'each draw is a new random span');
  });
});

describe('orthonormal basis with rank truncation', () => {
  const rng = new Rng(5);
  const a = rng.fillNormal(new Float64Array(d));
  const b = rng.fillNormal(new Float64Array(d));
  const rows = (...vs: Float64Array[]) => {
    const out = new Float64Array(vs.length * d);
    vs.forEach((v, i) => out.set(v, i * d));
    return out;
  };

  it('gives orthonormal rows spanning independent inputs', () => {
    const basis = orthonormalBasis(rows(a, b), 2, d);
    assert.equal(basis.rank, 2);
    const dot = (i: number, j: number) => basis.vectors.subarray(i * d, (i + 1) * d).reduce((s, x, k) => s + x * basis.vectors[j * d + k], 0);
    assert.ok(Math.abs(dot(0, 0) - 1) < 1e-12 && Math.abs(dot(1, 1) - 1) < 1e-12 && Math.abs(dot(0, 1)) < 1e-12);
    // a and b lie in the span: their projections keep their whole length.
    const norms = projectionNorms(rows(a, b), 2, basis);
    assert.ok(Math.abs(norms[0] - Math.hypot(...a)) < 1e-9 && Math.abs(norms[1] - Math.hypot(...b)) < 1e-9);
  });

  it('drops collinear and zero rows wherever they sit, as float32 data would have them', () => {
    const scaledA = Float64Array.from(Float32Array.from(a.map((x) => 0.3 * x)));
    for (const order of [[a, scaledA, b], [scaledA, a, b], [a, b, scaledA], [a, new Float64Array(d), b]]) {
      const basis = orthonormalBasis(rows(...order), 3, d);
      assert.equal(basis.rank, 2);
      // The span is span(a, b): a vector orthogonal to both projects to 0, and b keeps its length.
      const c = rng.fillNormal(new Float64Array(d));
      const ref = orthonormalBasis(rows(a, b), 2, d);
      const inPlane = projectionNorms(c, 1, ref)[0];
      assert.ok(Math.abs(projectionNorms(c, 1, basis)[0] - inPlane) < 1e-6);
    }
  });

  it('the degree uses the truncated span: collinear new rows count once', () => {
    const { control } = setup(6);
    const added = rows(a, Float64Array.from(a, (x) => -3 * x), b, Float64Array.from(b, (x) => 0.5 * x));
    const r = hedgingDegree({ control, extended: extended(control, new Float64Array(w * d), added), width: w, dim: d });
    assert.equal(r.newLatents, 4);
    assert.equal(r.rank, 2);
  });
});

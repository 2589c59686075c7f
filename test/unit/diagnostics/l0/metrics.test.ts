import assert from 'node:assert/strict';
import { decoderPairwiseCosine } from '../../../../src/engine/diagnostics/l0/decoderCosine';
import { decoderProjection } from '../../../../src/engine/diagnostics/l0/decoderProjection';
import { groundTruthSae } from '../../../../src/engine/diagnostics/l0/groundTruthSae';
import { largestByRank } from '../../../../src/engine/diagnostics/l0/orderStatistics';
import { buildToyWorld, parseToySource, resolveToySpec } from '../../../../src/engine/toys';
import { Rng } from '../../../../src/engine/util/random';

/** c_dec by its definition, in float64. */
function pairwiseCosine(W: Float32Array, h: number, d: number): number {
  const norm = (i: number) => Math.hypot(...W.subarray(i * d, (i + 1) * d));
  let total = 0;
  for (let i = 0; i < h; i++) {
    for (let j = i + 1; j < h; j++) {
      let dot = 0;
      for (let c = 0; c < d; c++) dot += W[i * d + c] * W[j * d + c];
      const n = norm(i) * norm(j);
      total += n > 0 ? Math.abs(dot) / n : 0;
    }
  }
  return total / ((h * (h - 1)) / 2);
}

describe('L0 diagnostics: proxy metrics', () => {
  it('c_dec is the mean |cos| over pairs of distinct decoder rows', async () => {
    // Rows (1,0), (0,2), (1,1): |cos| = 0, 1/√2, 1/√2 → c_dec = √2/3.
    assert.ok(Math.abs((await decoderPairwiseCosine(Float32Array.of(1, 0, 0, 2, 1, 1), 3, 2)) - Math.SQRT2 / 3) < 1e-7);
    // Orthonormal rows: 0. Identical rows up to sign and scale: 1.
    assert.ok(Math.abs(await decoderPairwiseCosine(Float32Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1), 3, 3)) < 1e-7);
    assert.ok(Math.abs((await decoderPairwiseCosine(Float32Array.of(1, 2, -2, -4, 3, 6), 3, 2)) - 1) < 1e-6);
    // A zero row has cosine 0 with everything but its pairs still count: (0 + 0 + 1)/3.
    assert.ok(Math.abs((await decoderPairwiseCosine(Float32Array.of(0, 0, 1, 0, 2, 0), 3, 2)) - 1 / 3) < 1e-7);
    assert.ok(Number.isNaN(await decoderPairwiseCosine(Float32Array.of(1, 2), 1, 2)));
  });

  it('c_dec of a random decoder matches the definition, across ORT blocks', async () => {
    const h = 1500, d = 7;
    const W = new Rng(4).fillNormal(new Float32Array(h * d));
    const got = await decoderPairwiseCosine(W, h, d);
    assert.ok(Math.abs(got - pairwiseCosine(W, h, d)) < 1e-6, `${got}`);
  });

  it('s_n^dec is z↓[n·b] of the projections on unit decoder rows, after subtracting b_dec', async () => {
    // Decoder rows e₀ (norm 2) and e₁, b_dec = (1, 0): Z = [[x₀ − 1, x₁] per row].
    const sae = { W_dec: Float32Array.of(2, 0, 0, 1), b_dec: Float32Array.of(1, 0), dSae: 2, dIn: 2 };
    const X = Float32Array.of(4, -1, 2, 5, 1, 0.5);
    // Z entries: 3, −1, 1, 5, 0, 0.5 → descending 5, 3, 1, 0.5, 0, −1; b = 3: s_0 = z↓[0] = 5, s_1 = z↓[3] = 0.5.
    assert.deepEqual(await decoderProjection(sae, X, 3, [0, 1]), [5, 0.5]);
    assert.ok(Number.isNaN((await decoderProjection(sae, X, 3, [2]))[0]), 'n must be below d_sae');
  });

  it('s_n^dec over many blocks equals a full sort', async () => {
    const h = 30, d = 12, rows = 9000;
    const rng = new Rng(8);
    const sae = { W_dec: rng.fillNormal(new Float32Array(h * d)), b_dec: rng.fillNormal(new Float32Array(d)), dSae: h, dIn: d };
    const X = rng.fillNormal(new Float32Array(rows * d));
    const all: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < h; i++) {
        const w = sae.W_dec.subarray(i * d, (i + 1) * d);
        const norm = Math.hypot(...w);
        let z = 0;
        for (let c = 0; c < d; c++) z += (X[r * d + c] - sae.b_dec[c]) * (w[c] / norm);
        all.push(z);
      }
    }
    all.sort((a, b) => b - a);
    const got = await decoderProjection(sae, X, rows, [3, 12]);
    [3, 12].forEach((n, i) => assert.ok(Math.abs(got[i] - all[n * rows]) < 1e-5, `s_${n}: ${got[i]} vs ${all[n * rows]}`));
  });

  it('the radix selection returns exact order statistics, ties and signs included', async () => {
    const rng = new Rng(2);
    const values = Float32Array.from({ length: 20000 }, (_, i) => (i % 7 === 0 ? 0.25 : i % 11 === 0 ? -0 : rng.normal() * 10 ** rng.int(6)));
    const sorted = Array.from(values).sort((a, b) => b - a);
    const ranks = [1, 2, 1000, 5000, 12345, 20000, 0, 20001];
    const got = await largestByRank(async (visit) => {
      for (let i = 0; i < values.length; i += 3000) visit(values.subarray(i, i + 3000));
    }, ranks);
    assert.deepEqual(got.slice(0, 6), ranks.slice(0, 6).map((r) => sorted[r - 1]));
    assert.ok(Number.isNaN(got[6]) && Number.isNaN(got[7]));
  });

  it('the ground-truth SAE encodes with Fᵀ and decodes with F', () => {
    const truth = buildToyWorld(resolveToySpec(parseToySource('toy:large'))).truth;
    const gt = groundTruthSae(truth, 5);
    assert.equal(gt.cfg.d_sae, 50);
    assert.equal(gt.cfg.k, 5);
    assert.deepEqual(gt.W_dec, truth.features);
    assert.equal(gt.W_enc[3 * 50 + 7], truth.features[7 * 100 + 3]);
    assert.ok(gt.b_enc.every((v) => v === 0) && gt.b_dec.every((v) => v === 0));
  });
});

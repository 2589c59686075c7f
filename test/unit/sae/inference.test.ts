import assert from 'node:assert/strict';
import { MemorySource } from '../../../src/engine/data/memorySource';
import { SaeBundle, SaeConfig } from '../../../src/engine/sae/bundle';
import { evaluateSae } from '../../../src/engine/sae/evaluate';
import { SaeSession } from '../../../src/engine/sae/inference';
import { Rng } from '../../../src/engine/util/random';

const d = 6, h = 4;

/** An SAE whose latents are the first h coordinate axes: encode reads them off, decode writes them back. */
function axisSae(architecture: SaeConfig['architecture'], extra: Partial<SaeConfig> = {}, extras: SaeBundle['extras'] = {}): SaeBundle {
  const W_dec = new Float32Array(h * d);
  const W_enc = new Float32Array(d * h);
  for (let i = 0; i < h; i++) {
    W_dec[i * d + i] = 1;
    W_enc[i * h + i] = 1;
  }
  const cfg: SaeConfig = { architecture, d_in: d, d_sae: h, dtype: 'float32', apply_b_dec_to_input: true, normalize_activations: 'none', metadata: {}, extra: {}, ...extra };
  return { cfg, W_enc, b_enc: new Float32Array(h), W_dec, b_dec: new Float32Array(d), extras, source: { format: 'test', path: 'axis' } };
}

const row = Float32Array.of(3, -1, 0.5, 2, 7, 7);
const near = (a: ArrayLike<number>, b: number[], tol = 1e-5) =>
  b.forEach((v, i) => assert.ok(Math.abs(a[i] - v) <= tol, `index ${i}: ${a[i]} vs ${v}`));

describe('SAE inference sessions', () => {
  it('standard: ReLU of the coordinates; reconstruction drops what the latents cannot hold', async () => {
    const s = await SaeSession.create(axisSae('standard'), 1);
    const { acts, xHat } = await s.run(row);
    near(acts, [3, 0, 0.5, 2]);
    near(xHat, [3, 0, 0.5, 2, 0, 0]);
  });

  it('topk keeps k, jumprelu applies its per-latent threshold, batchtopk its running threshold', async () => {
    const topk = await SaeSession.create(axisSae('topk', { k: 2 }), 1);
    near((await topk.run(row)).acts, [3, 0, 0, 2]);
    const threshold = { shape: [h], data: Float32Array.of(5, 0, 0, 1) };
    const jump = await SaeSession.create(axisSae('jumprelu', {}, { threshold }), 1);
    near((await jump.run(row)).acts, [0, 0, 0.5, 2]);
    const btk = await SaeSession.create(axisSae('batchtopk', { k: 2 }, { topk_threshold: { shape: [], data: Float32Array.of(1) } }), 1);
    near((await btk.run(row)).acts, [3, 0, 0, 2]);
  });

  it('constant_norm_rescale and layer_norm are undone on the output', async () => {
    // A full-rank SAE (h = d) reconstructs exactly, so x̂ must equal x in the input's own scale.
    const full = (norm: SaeConfig['normalize_activations']): SaeBundle => {
      const b = axisSae('standard', { normalize_activations: norm, d_sae: d });
      const eye = new Float32Array(d * d);
      for (let i = 0; i < d; i++) eye[i * d + i] = 1;
      return { ...b, W_enc: eye, W_dec: eye.slice(), b_enc: new Float32Array(d), b_dec: new Float32Array(d) };
    };
    const positive = Float32Array.of(3, 1, 0.5, 2, 7, 7);
    for (const norm of ['constant_norm_rescale', 'none'] as const) {
      const { xHat } = await (await SaeSession.create(full(norm), 1)).run(positive);
      near(xHat, Array.from(positive), 1e-4);
    }
    // Layer norm makes some coordinates negative, which ReLU drops; with a bias it can be exact: use b_dec.
    const ln = full('layer_norm');
    ln.cfg.apply_b_dec_to_input = false;
    ln.b_enc.fill(10);
    ln.b_dec.fill(-10);
    const { xHat } = await (await SaeSession.create(ln, 1)).run(row);
    near(xHat, Array.from(row), 1e-4);
  });

  it('evaluates an SAE over a source: a perfect dictionary explains all variance and matches the truth', async () => {
    const rng = new Rng(2);
    const n = 500;
    const X = new Float32Array(n * d);
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < h; i++) if (rng.uniform() < 0.3) X[r * d + i] = 1 + rng.uniform();
      X[r * d + (r % h)] ||= 1; // no empty rows: their cosine is undefined
    }
    const sae = axisSae('standard');
    const e = await evaluateSae(sae, new MemorySource(X, d, { shuffle: false }), { rows: n, batch: 64, truth: { features: sae.W_dec, count: h } });
    const value = (id: string) => e.metrics.find((m) => m.id === id)!.value;
    assert.equal(e.rows, n);
    near([value('explained_variance'), value('cossim')], [1, 1], 1e-6);
    near([value('mmcs'), value('hungarian_match')], [1, 1], 1e-6);
    assert.ok(value('l0') > 1 && value('l0') < 2);
    for (const m of e.metrics) assert.ok(m.formula.length > 0, `${m.id} has a formula`);
  });
});

describe('redundancy through ORT', () => {
  it('matches the plain scan: nearest other latent and its cosine, in blocks', async () => {
    const { maxCosineOrt } = await import('../../../src/engine/sae/redundancy');
    const { maxCosine, unitRows } = await import('../../../src/engine/sae/metrics');
    const rng = new Rng(4);
    const count = 37, dim = 5;
    const unit = unitRows(rng.fillNormal(new Float32Array(count * dim)), count, dim);
    const reference = maxCosine(unit, count, dim);
    const ours = await maxCosineOrt(unit, count, dim, 8);
    for (let i = 0; i < count; i++) {
      assert.ok(Math.abs(ours.cosine[i] - reference.cosine[i]) < 1e-5, `latent ${i}`);
      assert.equal(ours.nearest[i], reference.nearest[i]);
    }
  });
});

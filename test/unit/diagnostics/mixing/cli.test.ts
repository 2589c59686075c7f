import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveSaeLensFolder } from '../../../../src/engine/sae/formats';
import type { SaeBundle } from '../../../../src/engine/sae/bundle';
import { openSource } from '../../../../src/engine/sources';
import { saescope } from '../../support/cli';

/** The ground-truth ReLU SAE of toy:small, saved as a SAELens folder. */
async function groundTruthFolder(dir: string): Promise<string> {
  const { source, truth } = await openSource('toy:small');
  await source.close();
  const { d, features: F } = truth!;
  const W_enc = new Float32Array(d * 5);
  for (let i = 0; i < 5; i++) for (let k = 0; k < d; k++) W_enc[k * 5 + i] = F[i * d + k];
  const sae: SaeBundle = {
    cfg: { architecture: 'standard', d_in: d, d_sae: 5, dtype: 'float32', apply_b_dec_to_input: true, normalize_activations: 'none', metadata: {}, extra: {} },
    W_enc, b_enc: new Float32Array(5).fill(-0.01), W_dec: Float32Array.from(F), b_dec: new Float32Array(d), extras: {}, source: { format: 'test', path: '' },
  };
  const folder = join(dir, 'gt');
  await saveSaeLensFolder(folder, sae);
  return folder;
}

describe('cli: saescope mixing and hedging', () => {
  let dir: string;
  let folder: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'saescope-diagnostics-'));
    folder = await groundTruthFolder(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('mixing <sae> --data toy:small --json: ground-truth cosines, pairs and asymmetry', async () => {
    const r = await saescope('mixing', folder, '--data', 'toy:small', '--rows', '1024', '--top', '3', '--json');
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.sae, folder);
    assert.deepEqual(out.groundTruth.order, [0, 1, 2, 3, 4]);
    assert.equal(out.pairwise.histogram.pairs, 10);
    assert.equal(out.pairwise.top.length, 3);
    assert.equal(out.asymmetry.latents.length, 5);
    assert.match(r.stderr, /pairwise decoder cosines/);
  });

  it('mixing toy:small runs the small-toy experiment; hedging picks its analysis by the target', async () => {
    const small = await saescope('mixing', 'toy:small', '--k', '1.8', '--c', '-0.4', '--steps', '100', '--batch', '256', '--json');
    assert.equal(small.code, 0, small.stderr);
    const runs = JSON.parse(small.stdout).runs;
    assert.deepEqual(runs.map((x: { c: number; k: number }) => [x.c, x.k]), [[-0.4, 1.8]]);

    const single = await saescope('hedging', 'toy:hedging-hierarchical', '--steps', '100', '--json');
    assert.equal(single.code, 0, single.stderr);
    const s = JSON.parse(single.stdout);
    assert.equal(s.steps, 100);
    assert.ok(Math.abs(s.analytic.cosChild - 0.2297) < 1e-4);

    const tree = await saescope('hedging', 'toy:tree', '--gammas', '0,0.25', '--no-detached', '--steps', '100', '--json');
    assert.equal(tree.code, 0, tree.stderr);
    assert.deepEqual(JSON.parse(tree.stdout).runs.map((x: { label: string }) => x.label), ['γ = 0', 'γ = 0.25']);

    const degree = await saescope('hedging', folder, '--data', 'toy:small', '--new-latents', '2', '--steps', '20', '--batch', '64', '--baselines', '5', '--json');
    assert.equal(degree.code, 0, degree.stderr);
    const h = JSON.parse(degree.stdout);
    assert.deepEqual([h.architecture, h.width, h.newLatents, h.baselines], ['standard', 5, 2, 5]);
  });

  it('names bad arguments', async () => {
    const r = await saescope('hedging', 'toy:small', '--steps', '10');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /expected a toy:hedging-independent/);
    const k = await saescope('mixing', 'toy:small', '--k', '1.8,x');
    assert.match(k.stderr, /--k needs comma-separated numbers/);
    const arch = await saescope('hedging', folder, '--arch', 'gated');
    assert.match(arch.stderr, /--arch must be one of relu, topk, batchtopk, jumprelu/);
  });
});

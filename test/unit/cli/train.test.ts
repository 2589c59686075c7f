import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSae } from '../../../src/engine/sae/formats/registry';
import { saescope } from '../support/cli';

describe('cli: train, eval, resume', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'saescope-train-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const common = ['--data', 'toy:small', '--width', '5', '--k', '2', '--batch', '64', '--eval-rows', '512', '--json'];

  it('trains a TopK SAE on a toy, saves a SAELens folder with checkpoints, and reports metrics', async () => {
    const out = join(dir, 'topk');
    const r = await saescope('train', '--arch', 'topk', '--steps', '60', '--checkpoint-every', '20', '--out', out, ...common);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.equal(result.cancelled, false);
    assert.equal(result.steps, 60);
    assert.ok(result.metrics.some((m: { id: string }) => m.id === 'mmcs'), 'toy data brings ground-truth metrics');
    assert.deepEqual(readdirSync(`${out}-checkpoints`).sort(), ['step_20', 'step_40']);
    const sae = await loadSae(out);
    assert.equal(sae.cfg.architecture, 'topk');
    assert.equal(sae.cfg.d_sae, 5);
    assert.ok(existsSync(join(out, 'sparsity.safetensors')));

    const resumed = await saescope('train', '--arch', 'topk', '--steps', '80', '--resume', '--out', out, ...common);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /resuming from .*step_40 at step 40/);
    assert.equal(JSON.parse(resumed.stdout).steps, 80);

    const inspected = await saescope('inspect', out, '--json');
    assert.equal(inspected.code, 0, inspected.stderr);
    assert.deepEqual(
      (({ format, architecture, d_in, d_sae, k }) => ({ format, architecture, d_in, d_sae, k }))(JSON.parse(inspected.stdout)),
      { format: 'saelens', architecture: 'topk', d_in: 20, d_sae: 5, k: 2 },
    );

    const e = await saescope('eval', out, '--data', 'toy:small', '--rows', '256', '--json');
    assert.equal(e.code, 0, e.stderr);
    assert.equal(JSON.parse(e.stdout).rows, 256);
  });

  it('saves BatchTopK for inference as JumpReLU with its learned threshold', async () => {
    const out = join(dir, 'btk');
    const r = await saescope('train', '--arch', 'batchtopk', '--steps', '30', '--out', out, ...common);
    assert.equal(r.code, 0, r.stderr);
    const sae = await loadSae(out);
    assert.equal(sae.cfg.architecture, 'jumprelu');
    assert.ok(sae.extras.threshold.data.every((t) => t > 0 && t === sae.extras.threshold.data[0]));

    const oneByOne = join(dir, 'btk-one-step-a-run');
    const single = await saescope('train', '--arch', 'batchtopk', '--steps', '30', '--steps-per-run', '1', '--out', oneByOne, ...common);
    assert.equal(single.code, 0, single.stderr);
    const same = await loadSae(oneByOne);
    assert.deepEqual(same.W_dec, sae.W_dec);
    assert.deepEqual(same.extras.threshold.data, sae.extras.threshold.data);
  });

  it('names the problem for bad options and bad data', async () => {
    const bad = await saescope('train', '--arch', 'nope', '--out', join(dir, 'x'));
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--arch must be one of relu, topk, batchtopk, jumprelu, matryoshka/);
    const zeroRun = await saescope('train', '--steps-per-run', '0', '--out', join(dir, 'z'));
    assert.equal(zeroRun.code, 1);
    assert.match(zeroRun.stderr, /--steps-per-run/);
    const noOut = await saescope('train');
    assert.match(noOut.stderr, /train needs --out/);
    const missing = await saescope('train', '--data', join(dir, 'missing.npy'), '--out', join(dir, 'y'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /missing\.npy/);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeNpy } from '../../../../src/engine/io';
import { Rng } from '../../../../src/engine/util/random';
import { saescope } from '../../support/cli';

describe('saescope llc', () => {
  let dir: string;
  const rows = 400;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saescope-llc-'));
    const rng = new Rng(11);
    const x = rng.fillNormal(new Float32Array(rows * 2));
    const y = Float32Array.from({ length: rows }, (_, r) => 0.7 * x[2 * r] - 1.2 * x[2 * r + 1] + 0.3 * rng.normal());
    await writeNpy(join(dir, 'x.npy'), { dtype: 'F32', shape: [rows, 2], data: x });
    await writeNpy(join(dir, 'y.npy'), { dtype: 'F32', shape: [rows], data: y });
    await writeNpy(join(dir, 'y-short.npy'), { dtype: 'F32', shape: [rows - 1], data: y.subarray(1) });
    const bad = Float32Array.from(x);
    bad[2 * 17 + 1] = NaN;
    await writeNpy(join(dir, 'x-nan.npy'), { dtype: 'F32', shape: [rows, 2], data: bad });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('--fit on the user’s data: least squares, then λ̂ near d/2 with per-chain values and health checks', async () => {
    const out = await saescope('llc', '--model', 'linear', '--x', join(dir, 'x.npy'), '--y', join(dir, 'y.npy'), '--fit', '--json', '--batch', String(rows), '--draws', '1500', '--burn-in', '300');
    assert.equal(out.code, 0, out.stderr);
    const r = JSON.parse(out.stdout);
    assert.deepEqual(r.data, { source: `${join(dir, 'x.npy')} and ${join(dir, 'y.npy')}`, rows, inputDim: 2, outputDim: 1 });
    assert.ok(Math.abs(r.wStar.w[0] - 0.7) < 0.05 && Math.abs(r.wStar.w[1] + 1.2) < 0.05, `w* ${r.wStar.w}`);
    assert.equal(r.theory.lambda, 1);
    assert.ok(Math.abs(r.estimate.llc.mean - 1) < 0.2, `λ̂ ${r.estimate.llc.mean}`);
    assert.equal(r.estimate.llc.perChain.length, 4);
    assert.equal(typeof r.estimate.health.flattened, 'boolean');
    assert.equal(r.estimate.health.trace.perChain.length, 4);
    assert.ok(r.estimate.settings.nbeta > 66 && r.estimate.settings.nbeta < 67, 'nβ = 400/ln 400');
    assert.equal(r.estimate.losses, undefined);
  });

  it('the built-in data of a family, human-readable, with the calibration grid', async () => {
    const out = await saescope('llc', '--model', 'normal-crossing', '--set', 'power1=0,power2=1,steps=500', '--draws', '300', '--burn-in', '100', '--chains', '2', '--calibrate', '--calibrate-epsilons', '1e-4,1e-3', '--calibrate-nbetas', '100');
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /λ̂ = [\d.]+ ± [\d.]+ \(mean ± std over 2 chains\)/);
    assert.match(out.stdout, /theory: 0\.5 \(λ = 1\/\(2·max k\)/);
    assert.match(out.stdout, /health: trace (NOT )?flattened/);
    assert.match(out.stdout, /calibration \(λ̂ per ε × nβ\):\n {2}ε 0\.0001 {2}nβ 100 {2}λ̂ /);
    assert.match(out.stdout, /nβ 100: (use ε ≤|no ε)/);
  });

  it('names the file and the problem: rows of x and y differ, NaN in x, no --fit, wrong columns', async () => {
    const short = await saescope('llc', '--model', 'linear', '--x', join(dir, 'x.npy'), '--y', join(dir, 'y-short.npy'), '--fit');
    assert.equal(short.code, 1);
    assert.match(short.stderr, /y-short\.npy: has 399 rows but .*x\.npy has 400/);
    const nan = await saescope('llc', '--model', 'linear', '--x', join(dir, 'x-nan.npy'), '--y', join(dir, 'y.npy'), '--fit');
    assert.match(nan.stderr, /x-nan\.npy: has a non-finite value \(NaN\) at row 17, column 1/);
    const noFit = await saescope('llc', '--model', 'linear', '--x', join(dir, 'x.npy'), '--y', join(dir, 'y.npy'));
    assert.match(noFit.stderr, /--x\/--y need --fit/);
    const columns = await saescope('llc', '--model', 'polynomial', '--x', join(dir, 'x.npy'), '--y', join(dir, 'y.npy'), '--fit');
    assert.match(columns.stderr, /polynomial: x must have one column, .*x\.npy and .*y\.npy has 2/);
    const model = await saescope('llc', '--model', 'cubic');
    assert.match(model.stderr, /unknown --model 'cubic'; models: linear, rrr, normal-crossing, polynomial/);
  });
});

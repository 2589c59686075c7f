import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNpy } from '../../../src/engine/io';
import { summarise } from '../../../src/engine/bench/opProfile';
import { syntheticNpy } from '../../../src/engine/bench/syntheticNpy';
import { parseFigures, PYTHON_ENV, torchTopkStep } from '../../../src/engine/bench/torchReference';
import { Rng } from '../../../src/engine/util/random';

describe('bench/opProfile summarise', () => {
  const node = (op: string, ts: number, dur: number) => ({ cat: 'Node', name: `${op}_kernel_time`, ts, dur, args: { op_name: op } });
  const run = (ts: number, dur: number) => ({ cat: 'Session', name: 'model_run', ts, dur });

  it('sums kernel time by op type over the last run only, largest first', () => {
    const events = [node('Gemm', 10, 500), run(0, 1000), node('Gemm', 2010, 300), node('TopK', 2400, 100), node('Gemm', 2600, 300), run(2000, 1000)];
    assert.deepEqual(summarise(events), [
      { op: 'Gemm', ms: 0.6, fraction: 600 / 700, nodes: 2 },
      { op: 'TopK', ms: 0.1, fraction: 100 / 700, nodes: 1 },
    ]);
  });

  it('is empty without a run', () => {
    assert.deepEqual(summarise([node('Gemm', 0, 1)]), []);
  });
});

describe('bench/torchReference parseFigures', () => {
  const size = { dIn: 8, dSae: 32, k: 4, batch: 16 };
  const line = (over: Record<string, unknown> = {}) =>
    JSON.stringify({ ms_per_step: 2, tokens_per_s: 8000, torch_version: '2.1', threads: 2, blas: 'openblas', d_in: 8, d_sae: 32, k: 4, batch: 16, ...over });

  it('reads the last line the script prints', () => {
    assert.deepEqual(parseFigures(`a warning\n${line()}\n`, size), { msPerStep: 2, tokensPerS: 8000, torchVersion: '2.1', threads: 2, blas: 'openblas' });
  });

  it('refuses figures for other sizes, or without numbers', () => {
    assert.throws(() => parseFigures(line({ d_sae: 64 }), size), /d_sae 64, not 32/);
    assert.throws(() => parseFigures(line({ ms_per_step: null }), size), /no number ms_per_step/);
  });
});

describe('bench/torchReference torchTopkStep', () => {
  const saved = { path: process.env.PYTHONPATH, python: process.env[PYTHON_ENV] };
  let dir = '';
  before(() => {
    // A torch package that fails to import hides any real one from every Python the bench tries.
    dir = mkdtempSync(join(tmpdir(), 'saescope-notorch-'));
    mkdirSync(join(dir, 'torch'));
    writeFileSync(join(dir, 'torch', '__init__.py'), 'raise ImportError("no torch in this test")\n');
    process.env.PYTHONPATH = dir;
    process.env[PYTHON_ENV] = join(dir, 'no-such-python');
  });
  after(() => {
    for (const [key, value] of [['PYTHONPATH', saved.path], [PYTHON_ENV, saved.python]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('is skipped, saying why for each Python tried, where none imports torch', async () => {
    const result = await torchTopkStep({ dIn: 8, dSae: 32, k: 4, batch: 16 }, 1, 1);
    assert.ok('skipped' in result);
    assert.match(result.skipped, /no Python here imports torch/);
    assert.match(result.skipped, /no-such-python: not found/);
  });
});

describe('bench/syntheticNpy', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'saescope-bench-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes seeded normal rows across chunks as a float32 .npy, and reuses the file', async () => {
    const rows = 6000;
    const dIn = 768;
    const path = await syntheticNpy(dir, rows, dIn, 3, () => {});
    const npy = await readNpy(path);
    assert.equal(npy.dtype, 'F32');
    assert.deepEqual(npy.shape, [rows, dIn]);
    assert.deepEqual(npy.data, new Rng(3).fillNormal(new Float32Array(rows * dIn)));
    const written = statSync(path).mtimeMs;
    const logged: string[] = [];
    assert.equal(await syntheticNpy(dir, rows, dIn, 3, (l) => logged.push(l)), path);
    assert.equal(statSync(path).mtimeMs, written);
    assert.deepEqual(logged, []);
  });
});

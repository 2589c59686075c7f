import assert from 'node:assert/strict';
import { L0SweepEntry, L0SweepParams, runL0Sweep } from '../../../../src/engine/diagnostics/l0/sweep';
import { saescope } from '../../support/cli';

const small: L0SweepParams = { data: 'toy:large', l0s: [5, 8, 11], steps: 40, batch: 256, evalRows: 1024, seed: 3 };

describe('L0 diagnostics: sweep job', () => {
  it('streams each result as its SAE finishes, deterministically under its seed', async () => {
    const streamed: L0SweepEntry[] = [];
    const r = await runL0Sweep({ ...small, groupSize: 2 }, {
      onResult: (e, i) => {
        assert.equal(i, streamed.length);
        streamed.push(e);
      },
    });
    assert.equal(r.cancelled, false);
    assert.deepEqual(streamed, r.entries);
    assert.deepEqual(r.entries.map((e) => e.k), [5, 8, 11]);
    const again = await runL0Sweep({ ...small, groupSize: 2 });
    assert.deepEqual(again.entries, r.entries);
    assert.ok(r.recommended && r.entries[r.recommended.index].cDec === Math.min(...r.entries.map((e) => e.cDec)));
  });

  it('keeps what it finished when cancelled', async () => {
    const controller = new AbortController();
    const streamed: L0SweepEntry[] = [];
    const r = await runL0Sweep({ ...small, groupSize: 1 }, {
      signal: controller.signal,
      onResult: (e) => {
        streamed.push(e);
        controller.abort();
      },
    });
    assert.equal(r.cancelled, true);
    assert.equal(r.entries.length, 1);
    assert.deepEqual(r.entries, streamed);
    assert.equal(r.entries[0].k, 5);
    assert.equal(r.recommended?.l0, 5);
  });

  it('sweeps TopK by k and JumpReLU by its sparsity coefficient, measuring the L0 it reaches', async () => {
    const topk = await runL0Sweep({ ...small, arch: 'topk', l0s: [3, 6] });
    assert.deepEqual(topk.entries.map((e) => [e.k, e.l0]), [[3, 3], [6, 6]]);
    assert.ok(topk.entries.every((e) => e.groundTruthMse! >= 0 && e.mmcs! > 0));
    const jump = await runL0Sweep({ ...small, arch: 'jumprelu', coefficients: [0.01, 3] });
    assert.deepEqual(jump.entries.map((e) => e.coefficient), [0.01, 3]);
    assert.ok(jump.entries.every((e) => e.k === undefined && e.l0 > 0));
    assert.ok(jump.entries[1].l0 < jump.entries[0].l0, `a larger coefficient gives a lower L0: ${jump.entries.map((e) => e.l0)}`);
  });

  it('runs from the command line, as JSON or as a table with the recommended L0', async () => {
    const args = ['l0-sweep', '--data', 'toy:large', '--l0', '5,11', '--steps', '20', '--batch', '256', '--eval-rows', '512', '--n', '12'];
    const json = await saescope(...args, '--json');
    assert.equal(json.code, 0, json.stderr);
    const r = JSON.parse(json.stdout);
    assert.deepEqual(r.entries.map((e: L0SweepEntry) => [e.k, e.projections.map((p) => p.n)]), [[5, [12]], [11, [12]]]);
    assert.equal(r.recommended.rule, 'minimum');
    const text = await saescope(...args);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /recommended L0: \d/);
    assert.match(text.stdout, /c_dec/);
    const bad = await saescope('l0-sweep', '--l0', '5,x');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--l0 needs comma-separated positive numbers/);
  });
});

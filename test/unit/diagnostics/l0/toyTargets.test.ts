import assert from 'node:assert/strict';
import { evaluateAtL0 } from '../../../../src/engine/diagnostics/l0/evaluateAtL0';
import { groundTruthSae } from '../../../../src/engine/diagnostics/l0/groundTruthSae';
import { L0SweepEntry, L0SweepResult, runL0Sweep } from '../../../../src/engine/diagnostics/l0/sweep';
import { openSource } from '../../../../src/engine/sources';

/** Sparse but Wrong's large toy, validation targets T1–T4 of the spec (§7). */
describe('L0 diagnostics: the large toy (spec T1–T4)', () => {
  it('T1: the ground-truth BatchTopK SAE has the spec MSE at each L0 on 100k samples (±3%)', async () => {
    const { source, truth } = await openSource('toy:large', { seed: 7 });
    const rows = 98 * 1024;
    const X = new Float32Array(rows * 100);
    await source.nextBatch(X);
    const table: [number, number][] = [[1, 9.58], [2, 8.22], [3, 6.99], [5, 4.77], [7, 2.84], [9, 1.2], [11, 0], [13, 0]];
    for (const [k, expected] of table) {
      const s = await evaluateAtL0(groundTruthSae(truth!, k), X, rows, 1024);
      assert.ok(Math.abs(s.l0 - k) < 1e-3, `k ${k}: L0 ${s.l0}`);
      if (expected > 0) assert.ok(Math.abs(s.mse / expected - 1) <= 0.03, `k ${k}: MSE ${s.mse}, spec ${expected}`);
      else assert.ok(s.mse < 0.03, `k ${k}: MSE ${s.mse}, spec 0.00`);
    }
  });

  describe('a sweep at k ∈ {5, 7, 11, 16}, 4000 steps × 1024 at lr 1e-3 (the T3 grid, reduced)', () => {
    let sweep: L0SweepResult;
    const at = (k: number): L0SweepEntry => sweep.entries.find((e) => e.k === k)!;
    const s = (k: number, n: number) => at(k).projections.find((p) => p.n === n)!.value;
    before(async function () {
      this.timeout(600_000);
      sweep = await runL0Sweep({ data: 'toy:large', l0s: [5, 7, 11, 16], steps: 4000, batch: 1024, lr: 1e-3, seed: 0 });
    });

    it('T2: below the true L0 the trained SAE beats the ground truth on MSE and FVE', () => {
      assert.ok(at(5).mse >= 2.6 && at(5).mse <= 2.9, `MSE at k 5: ${at(5).mse} (paper 2.73)`);
      assert.ok(at(5).groundTruthMse! > 4.6 && at(5).mse < at(5).groundTruthMse!);
      for (const k of [5, 7]) {
        assert.ok(at(k).explainedVarianceUncentred > at(k).groundTruthExplainedVarianceUncentred!, `k ${k}: trained FVE ${at(k).explainedVarianceUncentred}, GT ${at(k).groundTruthExplainedVarianceUncentred}`);
      }
    });

    it('T3: c_dec is smallest at the true L0, ≥ 5× that at k 5 and ≥ 2× at k 16; MMCS peaks there too', () => {
      const min = at(11).cDec;
      assert.ok(sweep.entries.every((e) => e.cDec >= min), sweep.entries.map((e) => `${e.k}: ${e.cDec}`).join(', '));
      assert.ok(at(5).cDec >= 5 * min && at(16).cDec >= 2 * min);
      assert.equal(sweep.recommended?.l0, 11);
      assert.equal(sweep.recommended?.rule, 'minimum');
      assert.ok(at(11).mmcs! >= 0.97 && at(11).mmcs! > at(5).mmcs! && at(11).mmcs! > at(16).mmcs!);
      assert.ok(Math.abs(sweep.trueL0! - 10.9525) < 1e-3);
    });

    it('T4: s_12 falls from ≈ 0.5 to ≤ 0.1 at the true L0 and rises again; s_18 is ≈ 0 there', () => {
      assert.ok(s(5, 12) >= 0.35 && s(11, 12) <= 0.1 && s(16, 12) >= 0.2, `s_12: ${s(5, 12)}, ${s(11, 12)}, ${s(16, 12)}`);
      assert.ok(s(11, 18) < 0.01 && s(5, 18) >= 0.2, `s_18: ${s(5, 18)}, ${s(11, 18)}`);
    });

    it('reports every metric for every SAE, in the order of its L0s', () => {
      assert.deepEqual(sweep.entries.map((e) => e.k), [5, 7, 11, 16]);
      for (const e of sweep.entries) {
        assert.equal(e.l0, e.k);
        assert.deepEqual(e.projections.map((p) => p.n), [12, 18, 25]);
        assert.ok(e.explainedVariance > 0.5 && e.deadLatents >= 0 && e.deadLatents <= 50);
      }
    });
  });
});

import assert from 'node:assert/strict';
import { truthToyPreset } from '../../../../src/engine/toys/models/truth/toyPreset';
import type { ModelRecord, ToyModelRun } from '../../../../src/engine/toys/models/types';
import { describePresetContract } from './presetContract';

describePresetContract(truthToyPreset, { steps: 40, checkpointEvery: 10, overrides: { n: 4, probePerClass: 100, recordEvery: 10 } });

/** Spec §6 targets 15–17 on the preset's defaults (N = 16, ρ = 0.99, batch 256, Adam 1e-3, W = 0, 4 000 steps). */
describe('truth-toy: the simplified one-layer truth model learns a linear truth encoding that needs the normalisation', () => {
  let run: ToyModelRun;
  let last: ModelRecord;
  before(async function () {
    this.timeout(120_000);
    run = await truthToyPreset.train({ seed: 0 });
    last = run.records.at(-1)!;
  });

  it('records every 500 steps from step 0 to 4 000, the training loss falling', () => {
    assert.deepEqual(run.records.map((r) => r.step), Array.from({ length: 9 }, (_, i) => 500 * i));
    assert.equal(run.records[0].loss, undefined, 'no training loss before the first step');
    assert.ok(last.loss < run.records[1].loss, `loss ${run.records[1].loss} → ${last.loss}`);
    assert.deepEqual(run.params.W.shape, [67, 67]);
  });

  it('target 15: P(g(x\') | true context) ≥ 0.95 and exceeds P(g(x\') | false context) by ≥ 0.5', () => {
    assert.ok(last.p_attr_xp_true >= 0.95, `P(g(x')|true) ${last.p_attr_xp_true}`);
    assert.ok(last.p_attr_xp_true - last.p_attr_xp_false >= 0.5, `P(g(x')|false) ${last.p_attr_xp_false}`);
  });

  it('target 16: probe AUC ≥ 0.95 on the normalised residual at y and x\', ≤ 0.6 on the raw one; ‖v‖ true/false < 0.6', () => {
    assert.ok(last.auc_y >= 0.95 && last.auc_xp >= 0.95, `normalised: y ${last.auc_y}, x' ${last.auc_xp}`);
    assert.ok(last.auc_raw_y <= 0.6 && last.auc_raw_xp <= 0.6, `raw: y ${last.auc_raw_y}, x' ${last.auc_raw_xp}`);
    assert.ok(last.norm_ratio_xp < 0.6, `norm ratio ${last.norm_ratio_xp}`);
    assert.ok(run.records[0].auc_xp < 0.6, `before training the probe sees nothing: ${run.records[0].auc_xp}`);
  });

  it('target 17: W has the block signs of spec §4.2', () => {
    assert.ok(last.w_ex_ex < 0, `W[e_x, e_x] ${last.w_ex_ex}`);
    assert.ok(last.w_ugx_ex > last.w_uother_ex, `W[u_g(x), e_x] ${last.w_ugx_ex} vs others ${last.w_uother_ex}`);
    assert.ok(last.w_eginvy_ey > 0 && last.w_eginvy_ey > last.w_eother_ey, `W[e_g⁻¹(y), e_y] ${last.w_eginvy_ey} vs others ${last.w_eother_ey}`);
    assert.ok(last.w_uy_ey < 0, `W[u_y, e_y] ${last.w_uy_ey}`);
  });
});

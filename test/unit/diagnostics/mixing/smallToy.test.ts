import assert from 'node:assert/strict';
import { runSmallToyMixing, smallToyMixScore, type SmallToyMixingRun } from '../../../../src/engine/diagnostics/mixing/smallToy';

describe('mixing: Sparse but Wrong small toy (T5: 3000 steps × 1024, lr 3e-4, ground-truth init)', () => {
  let runs: SmallToyMixingRun[] = [];
  const run = (c: number, k: number) => runs.find((r) => r.c === c && r.k === k)!;

  before(async () => {
    runs = [
      ...(await runSmallToyMixing({ c: [0.4, 0, -0.4], k: [2, 1.8] })).runs,
      ...(await runSmallToyMixing({ c: [0.4], k: [1.9, 1.7] })).runs,
      ...(await runSmallToyMixing({ c: [0.2], k: [1.8] })).runs,
    ];
  });

  it('below the true L0 latents 1–4 borrow f₀ with the sign of c; at k = 2 or c = 0 they do not', () => {
    for (const c of [0.4, -0.4]) {
      const mix = run(c, 1.8).mix;
      assert.equal(Math.sign(mix), Math.sign(c), `c ${c}: mix ${mix}`);
      assert.ok(Math.abs(mix) >= 0.15 && Math.abs(mix) <= 0.4, `c ${c}: |mix| ${mix} (paper repro ±0.26)`);
      assert.ok(run(c, 1.8).diagonal > 0.95, `latents still track their features: ${run(c, 1.8).diagonal}`);
    }
    for (const r of [run(0.4, 2), run(0, 2), run(-0.4, 2), run(0, 1.8)]) assert.ok(Math.abs(r.mix) < 0.03, `c ${r.c}, k ${r.k}: mix ${r.mix}`);
    assert.ok(run(0, 2).diagonal > 0.99);
  });

  it('|mix| rises as k falls from 1.9 to 1.7 (A.3.2) and as |c| grows (A.3.1)', () => {
    const byK = [1.9, 1.8, 1.7].map((k) => run(0.4, k).mix);
    assert.ok(byK[0] < byK[1] && byK[1] < byK[2], `mix at k 1.9, 1.8, 1.7: ${byK}`);
    assert.ok(run(0.2, 1.8).mix > 0 && run(0.2, 1.8).mix < run(0.4, 1.8).mix, `c 0.2: ${run(0.2, 1.8).mix}, c 0.4: ${run(0.4, 1.8).mix}`);
  });

  it('reports the decoder cosines it scored and the world it trained on', () => {
    const r = run(-0.4, 1.8);
    assert.equal(r.toy, 'toy:small?c=-0.4');
    assert.equal(r.decoder.length, 5);
    assert.equal(smallToyMixScore({ data: Float32Array.from(r.decoder.flat()), latents: 5, features: 5 }), r.mix);
  });

  it('the score averages latents 1…g−1 against feature 0', () => {
    const C = Float32Array.of(1, 0, 0, 0.2, 1, 0, 0.4, 0, 1);
    assert.ok(Math.abs(smallToyMixScore({ data: C, latents: 3, features: 3 }) - 0.3) < 1e-7);
  });
});

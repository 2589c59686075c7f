import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveModelInput } from '../../../../src/engine/diagnostics/alignment/modelInput';
import { runAlignment } from '../../../../src/engine/diagnostics/alignment/runAlignment';
import { initialToySae, toySaeBundle } from '../../../../src/engine/diagnostics/alignment/toySae';
import { writeNpy } from '../../../../src/engine/io';
import { saveSaeLensFolder } from '../../../../src/engine/sae/formats/saelensWriter';
import { trainLongon } from '../../../../src/engine/toys/models/superposition/longonPreset';
import { Rng } from '../../../../src/engine/util/random';
import { saescope } from '../../support/cli';

const ROWS = 6000;

/** Two "models" of the same stimuli: different ReLU mixtures of 16 sparse features, 8 units each. */
function twoModels(): [Float32Array, Float32Array] {
  const rng = new Rng(21);
  const features = new Float32Array(ROWS * 16);
  for (let i = 0; i < features.length; i++) if (rng.uniform() < 0.15) features[i] = rng.uniform();
  const model = (seed: number) => {
    const w = new Rng(seed).fillNormal(new Float32Array(16 * 8));
    const h = new Float32Array(ROWS * 8);
    for (let r = 0; r < ROWS; r++) {
      for (let u = 0; u < 8; u++) {
        let s = 0;
        for (let f = 0; f < 16; f++) s += features[r * 16 + f] * w[f * 8 + u];
        h[r * 8 + u] = Math.max(0, s);
      }
    }
    return h;
  };
  return [model(1), model(2)];
}

describe('alignment job and `saescope align`', () => {
  let dir: string;
  let a: string, b: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'saescope-align-'));
    const [ha, hb] = twoModels();
    [a, b] = [join(dir, 'a.npy'), join(dir, 'b.npy')];
    await writeNpy(a, { dtype: 'F32', shape: [ROWS, 8], data: ha });
    await writeNpy(b, { dtype: 'F32', shape: [ROWS, 8], data: hb });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const small = { width: 16, k: 3, batch: 256, lr: 4e-3 };

  it('activation files: SAEs on the first 80% of the rows, the four comparisons on the rest; deterministic', async () => {
    const run = async () => runAlignment({ a: await resolveModelInput(a), b: await resolveModelInput(b), ...small, evalRows: 1000 });
    const r = await run();
    assert.deepEqual(r.rows, { saeTraining: 18 * 256, heldOutStart: 4800, evaluated: 1000, available: ROWS });
    assert.deepEqual(r.table.map((row) => row.comparison), ['N→N', 'SAE→N', 'SAE→SAE', 'RandSAE→SAE']);
    for (const row of r.table) {
      for (const m of ['semi', 'soft', 'ridge'] as const) {
        assert.equal(row[m].folds.length, 5);
        assert.ok(row[m].mean > -1 && row[m].mean <= 1, `${row.comparison} ${m} ${row[m].mean}`);
      }
    }
    assert.equal(r.table[0].semi.sourceUnits, 8);
    assert.equal(r.a.sae.origin, 'trained');
    assert.equal(r.a.sae.steps, 18);
    assert.equal(r.a.sae.width, 16);
    assert.equal(r.a.recovery, undefined);
    assert.ok(r.a.sae.heldOut.l0 <= 3);
    assert.equal(r.change.semi.difference, r.table[2].semi.mean - r.table[0].semi.mean);
    assert.deepEqual(await run(), r);
  });

  it('given SAEs are used as they are, and must fit the units', async () => {
    const sae = (seed: number) => toySaeBundle(initialToySae(new Rng(seed), 8, 12), 8, 12, 2, `sae ${seed}`);
    const r = await runAlignment({ a: await resolveModelInput(a), b: await resolveModelInput(b), sae: { a: sae(1), b: sae(2) }, evalRows: 500 });
    assert.equal(r.rows.saeTraining, 0);
    assert.equal(r.rows.heldOutStart, 4800);
    assert.equal(r.a.sae.origin, 'given');
    assert.equal(r.b.sae.width, 12);
    const wide = toySaeBundle(initialToySae(new Rng(3), 9, 12), 9, 12, 2, 'wide');
    await assert.rejects(runAlignment({ a: await resolveModelInput(a), b: await resolveModelInput(b), sae: { a: wide } }), /takes 9 inputs/);
  });

  it('toy models without a recorded training stream read toy:longon samples, and need a step count', async () => {
    const model = (seed: number) => ({ kind: 'longon' as const, label: `random ${seed}`, W: { shape: [64, 8], data: new Rng(seed).fillNormal(new Float32Array(64 * 8)) } });
    await assert.rejects(runAlignment({ a: model(1), b: model(2) }), /how many SAE training steps/);
    const r = await runAlignment({ a: model(1), b: model(2), ...small, saeSteps: 4, evalRows: 500 });
    assert.deepEqual(r.rows, { saeTraining: 1024, heldOutStart: 1024, evaluated: 500 });
    assert.equal(r.a.units, 8);
    assert.ok(r.a.recovery!.represented > 0);
    const other = await runAlignment({ a: model(1), b: model(2), ...small, saeSteps: 4, evalRows: 500, data: 'toy:longon?p=0.2' });
    assert.notDeepEqual(other.table[0].semi.folds, r.table[0].semi.folds);
  });

  it('refuses representations of different lengths', async () => {
    const short = join(dir, 'short.npy');
    await writeNpy(short, { dtype: 'F32', shape: [100, 8], data: new Float32Array(800) });
    await assert.rejects(runAlignment({ a: await resolveModelInput(a), b: await resolveModelInput(short) }), /same stimuli/);
  });

  it('the command line: activation files with --sae folders, and longon-tms checkpoints on their training stream', async () => {
    const [saeA, saeB] = [join(dir, 'sae-a'), join(dir, 'sae-b')];
    await saveSaeLensFolder(saeA, toySaeBundle(initialToySae(new Rng(4), 8, 12), 8, 12, 2, 'a'));
    await saveSaeLensFolder(saeB, toySaeBundle(initialToySae(new Rng(5), 8, 12), 8, 12, 2, 'b'));
    const files = await saescope('align', a, b, '--sae', `${saeA},${saeB}`, '--eval-rows', '500', '--json');
    assert.equal(files.code, 0, files.stderr);
    const result = JSON.parse(files.stdout);
    assert.equal(result.a.sae.origin, 'given');
    assert.equal(result.table.length, 4);

    const checkpoints = [];
    for (const seed of [0, 1]) {
      const run = await trainLongon({ seed, steps: 40, overrides: { hidden: 8, batch: 256, testSamples: 512, recordEvery: 40 }, outDir: join(dir, `m${seed}`) });
      checkpoints.push(run.checkpoints.at(-1)!);
    }
    const input = await resolveModelInput(checkpoints[0]);
    assert.equal(input.kind, 'longon');
    assert.deepEqual(input.kind === 'longon' && { rows: input.trainedRows, stream: input.stream }, { rows: 40 * 256, stream: { p: 0.1, dataSeed: 0 } });
    const toys = await saescope('align', checkpoints[0], checkpoints[1], '--batch', '256', '--eval-rows', '600', '--lr', '4e-3');
    assert.equal(toys.code, 0, toys.stderr);
    assert.match(toys.stdout, /rows: SAE training 8192, held-out 600 from row 8192/);
    assert.match(toys.stdout, /decoder MMCS [\d.]+ over \d+ represented features/);
    assert.match(toys.stdout, /^SAE→SAE − N→N {3}[+-]/m);

    const bad = await saescope('align', a, b, '--sae', saeA);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--sae needs two SAEs/);
  });
});

import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveModelInput } from '../../../../src/engine/diagnostics/alignment/modelInput';
import { trainLongon } from '../../../../src/engine/toys/models/superposition/longonPreset';

describe('alignment model inputs: toy run folders', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'saescope-align-input-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('a run folder is its newest checkpoint, in the folder itself or in its checkpoints/ (as the extension saves runs)', async () => {
    const out = join(dir, 'cli-run');
    const run = await trainLongon({ seed: 0, steps: 20, checkpointEvery: 10, overrides: { hidden: 8, batch: 128, testSamples: 256, recordEvery: 10 }, outDir: out });
    assert.deepEqual(run.checkpoints.map((c) => c.split('/').pop()), ['step_10.safetensors', 'step_20.safetensors']);
    const last = await resolveModelInput(run.checkpoints[1]);
    const folder = await resolveModelInput(out);
    assert.ok(folder.kind === 'longon' && last.kind === 'longon');
    assert.equal(folder.label, out);
    assert.deepEqual(folder.W, last.W);
    assert.equal(folder.trainedRows, 20 * 128);

    const saved = join(dir, 'extension-run');
    await mkdir(join(saved, 'checkpoints'), { recursive: true });
    await copyFile(run.checkpoints[0], join(saved, 'checkpoints', 'step_10.safetensors'));
    const nested = await resolveModelInput(saved);
    assert.ok(nested.kind === 'longon' && nested.trainedRows === 10 * 128);

    await mkdir(join(dir, 'empty'));
    await assert.rejects(resolveModelInput(join(dir, 'empty')), /empty: a folder, but no toy-model checkpoints/);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobContext } from '../../../src/engine/jobs/dispatcher';
import { createJobHandlers } from '../../../src/engine/jobs/handlers';
import { encodeNpy } from '../../../src/engine/io/npy';
import { parseJobResult } from '../../../src/shared/protocol';

const FIXTURE = 'test/fixtures/sae/saelens/standard/sae_weights.safetensors';
const context = (): JobContext & { messages: string[] } => {
  const messages: string[] = [];
  return { signal: new AbortController().signal, progress: (p) => messages.push(p.message), messages };
};

describe('jobs: inspector, attach, train and compare in the worker', () => {
  const handlers = createJobHandlers({ threads: 1, executionProvider: 'cpu' });
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'saescope-jobs-'));
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('opens an SAE, pages its latents with densities, sorts, computes nearest latents and one latent page', async () => {
    const overview = parseJobResult('inspectSae', await handlers.inspectSae({ kind: 'inspectSae', id: 1, path: FIXTURE }, context()));
    assert.equal(overview.dSae, 10);
    assert.equal(overview.hasDensity, true);
    assert.equal(overview.hookName, 'blocks.0.hook_resid_post');
    const query = { offset: 0, limit: 200, sortBy: 'decoderNorm' as const, descending: true, search: '' };
    const page = parseJobResult('latentRows', await handlers.latentRows({ kind: 'latentRows', id: 2, handle: overview.handle, query }, context()));
    assert.equal(page.rows.length, 10);
    assert.ok(page.rows.every((r, i) => i === 0 || r.decoderNorm <= page.rows[i - 1].decoderNorm));
    assert.ok(page.rows.every((r) => r.density !== null && r.nearest === null));
    await handlers.nearestLatents({ kind: 'nearestLatents', id: 3, handle: overview.handle }, context());
    const after = await handlers.latentRows({ kind: 'latentRows', id: 4, handle: overview.handle, query }, context());
    assert.ok(after.rows.every((r) => r.nearest !== null && r.nearest !== r.index));
    const detail = parseJobResult('latentPage', await handlers.latentPage({ kind: 'latentPage', id: 5, handle: overview.handle, latent: 3 }, context()));
    assert.equal(detail.topDims.length, 6);
    assert.equal(detail.neighbours[0].latent, after.rows.find((r) => r.index === 3)?.nearest);
    assert.equal(detail.activations, null);

    const rows = 300;
    const data = Float32Array.from({ length: rows * 6 }, (_, i) => Math.sin(i * 0.37) * 2);
    const file = join(tmp, 'acts.npy');
    await writeFile(file, encodeNpy(file, { dtype: 'F32', shape: [rows, 6], data }));
    const attached = await handlers.attachData({ kind: 'attachData', id: 6, handle: overview.handle, source: file, rows: 1000 }, context());
    assert.equal(attached.rows, rows, 'a file source stops at its last row');
    const withData = await handlers.latentPage({ kind: 'latentPage', id: 7, handle: overview.handle, latent: 3 }, context());
    assert.ok(withData.activations && withData.activations.rows === rows);
    assert.ok(withData.activations.examples.every((e, i, all) => e.row < rows && (i === 0 || e.value <= all[i - 1].value)));
    const released = await handlers.releaseSae({ kind: 'releaseSae', id: 8, handle: overview.handle }, context());
    assert.equal(released.released, true);
    await assert.rejects(handlers.latentRows({ kind: 'latentRows', id: 9, handle: overview.handle, query }, context()), /no SAE is open/);
  });

  it('trains a small SAE with progress points, and compares it with itself', async () => {
    const ctx = context();
    const points: number[] = [];
    const out = join(tmp, 'run', 'sae');
    const settings = { data: 'toy:small', arch: 'topk' as const, width: 16, k: 2, l1: null, steps: 40, batch: 64, lr: 1e-3, seed: 0, evalRows: 256, checkpointEvery: 20 };
    const outcome = parseJobResult(
      'trainSae',
      await handlers.trainSae({ kind: 'trainSae', id: 10, settings, out }, { ...ctx, progress: (p) => p.point && points.push(p.point.step) }),
    );
    assert.equal(outcome.cancelled, false);
    assert.ok(points.length > 0 && points[points.length - 1] === 40);
    assert.ok(outcome.metrics.some((m) => m.id === 'explained_variance'));
    assert.deepEqual(outcome.checkpoints, ['sae-checkpoints/step_20', 'sae-checkpoints/step_40'].filter((c) => outcome.checkpoints.includes(c)));
    assert.ok((await readdir(out)).includes('sae_weights.safetensors'));
    const result = parseJobResult(
      'compareSaes',
      await handlers.compareSaes({ kind: 'compareSaes', id: 11, a: out, b: out, threshold: 0.7, data: 'toy:small', rows: 512 }, context()),
    );
    assert.equal(result.method, 'hungarian');
    assert.equal(result.shared, 16);
    assert.ok(Math.abs(result.meanCosine - 1) < 1e-5);
    assert.ok(result.metrics && result.metrics.values.every((m) => Math.abs(m.a - m.b) < 1e-6), 'the same SAE on the same rows');
  });

  it('stops training when cancelled', async () => {
    const controller = new AbortController();
    const settings = { data: 'toy:small', arch: 'topk' as const, width: 16, k: 2, l1: null, steps: 5000, batch: 64, lr: 1e-3, seed: 0, evalRows: 256, checkpointEvery: null };
    const out = join(tmp, 'cancelled', 'sae');
    const outcome = await handlers.trainSae(
      { kind: 'trainSae', id: 12, settings, out },
      { signal: controller.signal, progress: (p) => p.point && controller.abort() },
    );
    assert.equal(outcome.cancelled, true);
    await assert.rejects(readdir(out), 'a cancelled run writes no SAE folder');
  });
});

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainHandler } from '../../../src/engine/jobs/trainJob';
import { parseJobResult, type CheckpointEntry, type TrainPoint } from '../../../src/shared/protocol';

describe('jobs/trainSae: what the dashboard is streamed', function () {
  this.timeout(120_000);
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'saescope-trainstream-'));
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('streams the loss parts with each point, and each checkpoint once its folder is whole', async () => {
    const out = join(tmp, 'run', 'sae');
    const settings = { data: 'toy:small', arch: 'topk' as const, width: 16, k: 2, l1: null, steps: 60, batch: 64, lr: 1e-3, seed: 0, evalRows: 256, checkpointEvery: 20 };
    const points: TrainPoint[] = [];
    const checkpoints: CheckpointEntry[] = [];
    const wholeAtEvent: boolean[] = [];
    const outcome = parseJobResult(
      'trainSae',
      await trainHandler({ threads: 1, executionProvider: 'cpu' })({ kind: 'trainSae', id: 1, settings, out }, {
        signal: new AbortController().signal,
        progress: (p) => {
          if (p.point) points.push(p.point);
          if (p.checkpoint) {
            checkpoints.push(p.checkpoint);
            wholeAtEvent.push(existsSync(join(tmp, 'run', p.checkpoint.path, 'sae_weights.safetensors')));
          }
        },
      }),
    );
    assert.deepEqual(checkpoints, [20, 40].map((step) => ({ step, path: join('sae-checkpoints', `step_${step}`) })));
    assert.deepEqual(outcome.checkpoints, checkpoints.map((c) => c.path));
    assert.deepEqual(wholeAtEvent, [true, true]);
    assert.ok(points.length > 0);
    for (const point of points) {
      assert.ok(point.parts && 'mse' in point.parts, `parts at step ${point.step}: ${JSON.stringify(point.parts)}`);
      // TopK's loss is MSE + AuxK, each averaged over the same report interval.
      const sum = Object.values(point.parts).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - point.loss) <= 1e-5 * Math.max(1, point.loss), `parts sum ${sum} vs loss ${point.loss}`);
    }
    assert.deepEqual(outcome.history, points);
  });
});

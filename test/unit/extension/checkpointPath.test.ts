import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkpointTarget } from '../../../src/extension/runs/checkpointPath';

describe('extension/runs/checkpointPath', () => {
  const run = join('/ws', '.saescope', 'runs', 'r1');
  const known = ['sae-checkpoints/step_5', '../elsewhere', '/abs/step_5'];

  it('resolves a checkpoint the panel was sent inside the run folder', () => {
    assert.equal(checkpointTarget(run, known, 'sae-checkpoints/step_5'), join(run, 'sae-checkpoints', 'step_5'));
  });

  it('refuses paths it was not sent, and paths leading out of the run folder even if listed', () => {
    assert.equal(checkpointTarget(run, known, 'sae-checkpoints/step_6'), undefined);
    assert.equal(checkpointTarget(run, known, '../elsewhere'), undefined);
    assert.equal(checkpointTarget(run, known, '/abs/step_5'), undefined);
  });
});

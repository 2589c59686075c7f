import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saescope } from '../../support/cli';

describe('cli: saescope influence', function () {
  this.timeout(300000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'saescope-influence-cli-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('toy:hierarchy --json trains the run, keeps it with --out, and prints trajectories with marks', async () => {
    const out = join(dir, 'run');
    const r = await saescope('influence', 'toy:hierarchy', '--steps', '1200', '--every', '200', '--draws', '100', '--pairs', 'dog:cat,oak:pine', '--out', out, '--json');
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.equal(result.run, out);
    assert.deepEqual(result.checkpoints.map((c: { step: number }) => c.step), [200, 400, 600, 800, 1000, 1200]);
    assert.deepEqual(result.pairs.map((p: { pair: string }) => p.pair), ['dog:cat', 'oak:pine']);
    assert.equal(result.pairs[0].correlation.length, 6);
    assert.ok(result.pairs[0].bif.every((v: number) => Number.isFinite(v)));
    assert.equal(result.sampler.draws, 100);

    const again = await saescope('influence', out, '--every', '400', '--draws', '50', '--pairs', 'dog:cat', '--stages', '700');
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /stage boundaries \(given\): 700/);
    assert.match(again.stdout, /^400 /m);
    assert.match(again.stdout, /dog:cat: flips/);
  });

  it('names the folder or the pair that is wrong', async () => {
    const missing = await saescope('influence', join(dir, 'nothing'), '--pairs', 'dog:cat');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nothing: not a folder/);
    const pair = await saescope('influence', 'toy:hierarchy', '--steps', '200', '--pairs', 'dog:wolf');
    assert.equal(pair.code, 1);
    assert.match(pair.stderr, /no sample named 'wolf' in pair 'dog:wolf'; the samples are dog, cat/);
    const reduction = await saescope('influence', 'toy:hierarchy', '--reduction', 'median');
    assert.match(reduction.stderr, /--reduction is 'stack' or 'mean'/);
  });
});

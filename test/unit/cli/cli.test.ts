import assert from 'node:assert/strict';
import { version } from '../../../package.json';
import { parseJobResult } from '../../../src/shared/protocol';
import { saescope } from '../support/cli';

describe('cli: saescope', () => {
  it('--help lists the commands on stdout', async () => {
    const { code, stdout } = await saescope('--help');
    assert.equal(code, 0);
    for (const command of ['info', 'inspect <file>', 'bench', 'demo']) assert.match(stdout, new RegExp(`^ {2}${command}`, 'm'));
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await saescope('--version');
    assert.equal(code, 0);
    assert.equal(stdout.trim(), version);
  });

  it('info --json prints the engine info as JSON', async () => {
    const { code, stdout } = await saescope('info', '--json');
    assert.equal(code, 0);
    const info = parseJobResult('engineInfo', JSON.parse(stdout));
    assert.equal(info.engineVersion, version);
    assert.ok(info.providers.some((p) => p.name === 'cpu' && p.available));
  });

  it('rejects an unknown flag with exit code 1 and a message on stderr', async () => {
    const { code, stdout, stderr } = await saescope('info', '--jsn');
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /^saescope: unknown option '--jsn'$/m);
  });

  it('reports a file it cannot inspect by name', async () => {
    const { code, stderr } = await saescope('inspect', 'no-such-file.safetensors');
    assert.equal(code, 1);
    assert.match(stderr, /^saescope: .*no-such-file\.safetensors/m);
  });
});

import assert from 'node:assert/strict';
import { parseArgs, UsageError, type ArgSpec } from '../../../src/cli/args';

const inspectSpec: ArgSpec<'file', 'json'> = { positionals: ['file'], flags: { json: 'as JSON' } };
const benchSpec: ArgSpec<never, 'json' | 'quick'> = { positionals: [], flags: { json: 'as JSON', quick: 'short' } };

function usageError(run: () => unknown, message: string): void {
  assert.throws(run, (e: unknown) => e instanceof UsageError && e.message === message);
}

describe('cli/args', () => {
  it('sets every flag, false unless given', () => {
    assert.deepEqual(parseArgs([], benchSpec), { positionals: {}, flags: { json: false, quick: false }, options: {} });
    assert.deepEqual(parseArgs(['--quick', '--json'], benchSpec).flags, { json: true, quick: true });
  });

  it('takes positionals in order with flags anywhere', () => {
    assert.deepEqual(parseArgs(['--json', 'a.safetensors'], inspectSpec), {
      positionals: { file: 'a.safetensors' },
      flags: { json: true },
      options: {},
    });
    assert.deepEqual(parseArgs(['a.npz', '--json'], inspectSpec).positionals, { file: 'a.npz' });
  });

  it('treats everything after -- and a lone - as positionals', () => {
    assert.deepEqual(parseArgs(['--', '--json'], inspectSpec), { positionals: { file: '--json' }, flags: { json: false }, options: {} });
    assert.deepEqual(parseArgs(['-'], inspectSpec).positionals, { file: '-' });
  });

  it('rejects unknown options and values on flags', () => {
    usageError(() => parseArgs(['--jsn'], benchSpec), "unknown option '--jsn'");
    usageError(() => parseArgs(['-j'], benchSpec), "unknown option '-j'");
    usageError(() => parseArgs(['--json=yes'], benchSpec), "option '--json' takes no value");
  });

  it('lets the last positionals be left out when the spec says so', () => {
    const spec: ArgSpec<'run', 'json'> = { positionals: ['run'], optionalPositionals: 1, flags: { json: 'as JSON' } };
    assert.deepEqual(parseArgs(['--json'], spec).positionals, { run: undefined });
    assert.deepEqual(parseArgs(['runs/a'], spec).positionals, { run: 'runs/a' });
    usageError(() => parseArgs(['a', 'b'], spec), "unexpected argument 'b'");
  });

  it('rejects missing and extra positionals', () => {
    usageError(() => parseArgs([], inspectSpec), 'missing <file>');
    usageError(() => parseArgs(['a', 'b'], inspectSpec), "unexpected argument 'b'");
    usageError(() => parseArgs(['extra'], benchSpec), "unexpected argument 'extra'");
  });

  it('takes option values after a space or an equals sign, and requires them', () => {
    const spec: ArgSpec<'sae', 'json', 'data' | 'k'> = { positionals: ['sae'], flags: { json: 'as JSON' }, options: { data: 'source', k: 'k' } };
    assert.deepEqual(parseArgs(['s', '--data', 'toy:large', '--k=8', '--json'], spec), {
      positionals: { sae: 's' },
      flags: { json: true },
      options: { data: 'toy:large', k: '8' },
    });
    usageError(() => parseArgs(['s', '--data'], spec), "option '--data' needs a value");
  });
});

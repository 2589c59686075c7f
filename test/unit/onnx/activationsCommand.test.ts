import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../../../src/cli/args';
import { activationsCommand } from '../../../src/cli/commands/activations';
import { readNpy } from '../../../src/engine/io';

const FIXTURES = join(__dirname, '../../fixtures/onnx');
const HOOK = '/mlp/act/Relu_output_0';

/** Runs the command in-process and returns what it printed on stdout (progress lines on stderr are dropped). */
async function run(...argv: string[]): Promise<string> {
  const printed: string[] = [];
  const { log, error } = console;
  console.log = (...parts: unknown[]) => printed.push(parts.join(' '));
  console.error = () => {};
  try {
    await activationsCommand.run(parseArgs(argv, activationsCommand.args));
  } finally {
    Object.assign(console, { log, error });
  }
  return printed.join('\n');
}

describe('cli: saescope activations', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'saescope-activations-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--list prints the intermediate tensors, as JSON with --json', async () => {
    const text = await run(join(FIXTURES, 'tiny.onnx'), '--list');
    assert.match(text, /^intermediates \(\d+\):$/m);
    assert.match(text, /\/mlp\/act\/Relu_output_0 +Relu +\? +\?/);
    const list = JSON.parse(await run(join(FIXTURES, 'tiny.onnx'), '--list', '--json')) as { name: string; shape: unknown }[];
    assert.deepEqual(list.find((t) => t.name === 'logits'), { name: 'logits', op: 'Add', dtype: 'FLOAT', shape: ['batch', 5, 16] });
  });

  it('--hook --input --out writes the .npy and reports its shape', async () => {
    const out = join(dir, 'post.npy');
    const result = JSON.parse(await run(join(FIXTURES, 'tiny.onnx'), '--hook', HOOK, '--input', join(FIXTURES, 'tiny_tokens.npy'), '--out', out, '--batch', '2', '--json'));
    assert.deepEqual({ rows: result.rows, d: result.d, runs: result.runs }, { rows: 15, d: 32, runs: 2 });
    assert.deepEqual((await readNpy(out)).shape, [15, 32]);
  });

  it('without --list it needs --hook, --input and --out', async () => {
    await assert.rejects(run(join(FIXTURES, 'tiny.onnx'), '--hook', HOOK), /activations needs --input, --out \(or --list\)/);
    await assert.rejects(run(join(FIXTURES, 'tiny.onnx'), '--hook', HOOK, '--input', 'x.npy', '--out', 'y.npy', '--batch', '0'), /--batch needs a positive integer/);
  });
});

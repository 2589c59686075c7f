import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkg from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { readNpy, writeNpz } from '../../../src/engine/io';
import { loadOnnxModel } from '../../../src/engine/io/onnxModel';
import { collectActivations, HookNotFoundError, listIntermediates, withHookOutputs } from '../../../src/engine/onnx';

const { onnx } = pkg;
const FIXTURES = join(__dirname, '../../fixtures/onnx');
const fixture = (name: string) => join(FIXTURES, name);
const META = JSON.parse(readFileSync(fixture('tiny.json'), 'utf8')) as { hook: string; tokens: number[]; mlp_post: number[] };

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  assert.ok(worst <= tolerance, `${what}: max |difference| ${worst} > ${tolerance}`);
}

/** tiny.onnx was exported by torch.onnx.export from make_fixture.py; these tests never see the torch module. */
describe('onnx: hooking a model exported by PyTorch (test/fixtures/onnx/tiny.onnx)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'saescope-onnx-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every node output in order, with the producing op, and marks the graph output', async () => {
    const list = listIntermediates(await loadOnnxModel(fixture('tiny.onnx')));
    const hook = list.find((t) => t.name === META.hook);
    assert.ok(hook, `${META.hook} is listed`);
    assert.equal(hook.op, 'Relu');
    assert.equal(hook.isOutput, false);
    // torch 1.13 writes no value_info, so nothing is declared for intermediates…
    assert.equal(hook.dtype, null);
    assert.equal(hook.shape, null);
    // …but the graph output is declared, with its dynamic batch axis.
    const logits = list.find((t) => t.name === 'logits');
    assert.deepEqual({ isOutput: logits?.isOutput, dtype: logits?.dtype, shape: logits?.shape }, { isOutput: true, dtype: 'FLOAT', shape: ['batch', 5, 16] });
    assert.ok(list.findIndex((t) => t.op === 'Gather') < list.indexOf(hook), 'node order is kept');
  });

  it('a copy with the ReLU output exposed gives torch\'s logits and torch\'s hooked activation', async () => {
    const model = await loadOnnxModel(fixture('tiny.onnx'));
    const hooked = withHookOutputs(model, [META.hook]);
    assert.equal(model.graph?.output?.length, 1, 'the original model is untouched');
    const session = await ort.InferenceSession.create(onnx.ModelProto.encode(hooked).finish());
    const tokens = await readNpy(fixture('tiny_tokens.npy'));
    const out = await session.run({ tokens: new ort.Tensor('int64', tokens.data as BigInt64Array, tokens.shape) });
    await session.release();
    assert.deepEqual(out[META.hook].dims, META.mlp_post);
    assertClose(out[META.hook].data as Float32Array, (await readNpy(fixture('tiny_mlp_post.npy'))).data as Float32Array, 1e-5, 'ReLU output');
    assertClose(out.logits.data as Float32Array, (await readNpy(fixture('tiny_logits.npy'))).data as Float32Array, 1e-5, 'logits');
  });

  it('collectActivations writes the activation as [batch·seq, d], the same for any batch size', async () => {
    const expected = (await readNpy(fixture('tiny_mlp_post.npy'))).data as Float32Array;
    const [batch, seq, d] = META.mlp_post;
    for (const size of [undefined, 1, 2]) {
      const out = join(dir, `post_${size}.npy`);
      const result = await collectActivations({ model: fixture('tiny.onnx'), hook: META.hook, input: fixture('tiny_tokens.npy'), out, batch: size });
      assert.deepEqual({ rows: result.rows, d: result.d, dtype: result.dtype, runs: result.runs }, { rows: batch * seq, d, dtype: 'F32', runs: size ? Math.ceil(batch / size) : 1 });
      const written = await readNpy(out);
      assert.deepEqual([written.dtype, written.shape], ['F32', [batch * seq, d]]);
      assertClose(written.data as Float32Array, expected, 1e-5, `batch ${size ?? 'default'}`);
    }
  });

  it('reads inputs from an .npz by input name, converting int32 tokens to the int64 the model declares', async () => {
    const tokens = await readNpy(fixture('tiny_tokens.npy'));
    const npz = join(dir, 'inputs.npz');
    await writeNpz(npz, { tokens: { dtype: 'I32', shape: tokens.shape, data: Int32Array.from(tokens.data as BigInt64Array, Number) } });
    const out = join(dir, 'from_npz.npy');
    await collectActivations({ model: fixture('tiny.onnx'), hook: 'logits', input: npz, out });
    assertClose((await readNpy(out)).data as Float32Array, (await readNpy(fixture('tiny_logits.npy'))).data as Float32Array, 1e-5, 'logits');
  });

  it('turns a text file into token ids with a JSON vocabulary and whitespace tokenisation', async () => {
    const tokens = (await readNpy(fixture('tiny_tokens.npy'))).data as BigInt64Array;
    const vocab = Array.from({ length: 16 }, (_, i) => `w${i}`);
    writeFileSync(join(dir, 'vocab.json'), JSON.stringify(vocab));
    const lines = [0, 1, 2].map((r) => Array.from(tokens.subarray(r * 5, r * 5 + 5), (t) => vocab[Number(t)]).join('  '));
    writeFileSync(join(dir, 'text.txt'), `${lines.join('\n')}\n\n`);
    const out = join(dir, 'from_text.npy');
    await collectActivations({ model: fixture('tiny.onnx'), hook: META.hook, input: join(dir, 'text.txt'), tokenizer: join(dir, 'vocab.json'), out });
    assertClose((await readNpy(out)).data as Float32Array, (await readNpy(fixture('tiny_mlp_post.npy'))).data as Float32Array, 1e-5, 'from text');
  });

  it('writes the token ids beside the activations, one per row, for the inspector\'s token contexts', async () => {
    const tokens = await readNpy(fixture('tiny_tokens.npy'));
    const out = join(dir, 'with_tokens.npy');
    const tokensOut = join(dir, 'with_tokens_ids.npy');
    const result = await collectActivations({ model: fixture('tiny.onnx'), hook: META.hook, input: fixture('tiny_tokens.npy'), out, tokensOut, batch: 2 });
    assert.equal(result.tokensOut, tokensOut);
    const ids = await readNpy(tokensOut);
    assert.deepEqual([ids.dtype, ids.shape], ['I32', tokens.shape]);
    assert.deepEqual(Array.from(ids.data as Int32Array), Array.from(tokens.data as BigInt64Array, Number));
    assert.equal(ids.data.length, result.rows, 'one id per activation row');
    const logits = collectActivations({ model: fixture('tiny.onnx'), hook: 'logits', input: fixture('tiny_tokens.npy'), out: join(dir, 'l.npy'), tokensOut: join(dir, 'l_ids.npy') });
    await assert.doesNotReject(logits, 'logits [3, 5, 16] also have one row per token');
  });

  it('a hook name the model does not have is an error listing close matches', async () => {
    const attempt = collectActivations({ model: fixture('tiny.onnx'), hook: '/mlp/act/relu', input: fixture('tiny_tokens.npy'), out: join(dir, 'x.npy') });
    await assert.rejects(attempt, (err: unknown) => {
      assert.ok(err instanceof HookNotFoundError);
      assert.deepEqual(err.suggestions[0], META.hook);
      assert.match(err.message, /no intermediate tensor named '\/mlp\/act\/relu'; close matches: \/mlp\/act\/Relu_output_0/);
      return true;
    });
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Evaluator } from '../../../../src/engine/graph/runner';
import { readNpy, writeNpy } from '../../../../src/engine/io';
import { loadOnnxModel, summarizeOnnxModel } from '../../../../src/engine/io/onnxModel';
import { collectActivations, listIntermediates } from '../../../../src/engine/onnx';
import { modelRng } from '../../../../src/engine/toys/models/truth/config';
import { sampleTruthBatch, truthWorld } from '../../../../src/engine/toys/models/truth/data';
import { truthTransformerConfig, truthTransformerPreset } from '../../../../src/engine/toys/models/truth/transformerPreset';
import type { TransformerConfig } from '../../../../src/engine/toys/models/transformer/config';
import { transformerGraph } from '../../../../src/engine/toys/models/transformer/graph';
import { exportTransformerOnnx, TRANSFORMER_CONFIG_KEY } from '../../../../src/engine/toys/models/transformer/onnxExport';
import type { NamedTensor, ToyModelRun } from '../../../../src/engine/toys/models/types';
import { describePresetContract } from './presetContract';

describePresetContract(truthTransformerPreset, {
  steps: 20,
  checkpointEvery: 5,
  overrides: { n: 4, dModel: 8, heads: 2, dMlp: 16, probePerClass: 50, recordEvery: 5 },
});

const BATCH = 6;
const HOOKS = [
  'hook_embed', 'hook_pos_embed', 'blocks.0.hook_resid_pre', 'blocks.0.ln1.hook_normalized', 'blocks.0.hook_attn_out',
  'blocks.0.hook_resid_mid', 'blocks.0.ln2.hook_normalized', 'blocks.0.mlp.hook_pre', 'blocks.0.mlp.hook_post',
  'blocks.0.hook_mlp_out', 'blocks.0.hook_resid_post', 'ln_final.hook_normalized',
];

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** out[r, :] = x[r, :] · W + b for row-major x [rows, k], W [k, n]. */
function affine(x: Float32Array, w: NamedTensor, b: NamedTensor): Float64Array {
  const [k, n] = w.shape;
  const rows = x.length / k;
  const out = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < n; j++) {
      let s = b.data[j];
      for (let i = 0; i < k; i++) s += x[r * k + i] * w.data[i * n + j];
      out[r * n + j] = s;
    }
  }
  return out;
}

/** The engine's own forward pass: the same graph builder with the weights fed as inputs, in a fresh session. */
async function engineForward(c: TransformerConfig, params: Record<string, NamedTensor>, tokens: BigInt64Array): Promise<Record<string, Float32Array>> {
  const { graph } = transformerGraph(c, { batch: BATCH, seq: c.context });
  const evaluator = await Evaluator.create(graph);
  const out = await evaluator.run({ tokens, ...Object.fromEntries(Object.entries(params).map(([k, t]) => [k, t.data])) });
  await evaluator.release();
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Float32Array.from(v as Float32Array)]));
}

describe('truth-transformer: a short run, exported as ONNX with TransformerLens hooks', () => {
  let dir: string;
  let run: ToyModelRun;
  let c: TransformerConfig;
  let file: string;
  let tokens: BigInt64Array;
  let fromFile: Record<string, ort.Tensor>;

  before(async function () {
    this.timeout(120_000);
    dir = mkdtempSync(join(tmpdir(), 'saescope-truth-transformer-'));
    run = await truthTransformerPreset.train({ seed: 3, steps: 300, overrides: { probePerClass: 300, recordEvery: 100 } });
    c = truthTransformerConfig(run.config);
    file = join(dir, 'truth.onnx');
    await exportTransformerOnnx(file, c, run.params, { batch: BATCH });
    const world = truthWorld(c.vocab / 2, 0.9, modelRng(3, 'world'));
    tokens = sampleTruthBatch(world, modelRng(99, 'batches'), 2 * BATCH).tokens;
    const session = await ort.InferenceSession.create(file);
    fromFile = await session.run({ tokens: new ort.Tensor('int64', tokens.subarray(0, BATCH * 4), [BATCH, 4]) });
    await session.release();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('records the loss and the truth-probe metrics at every record, the loss falling', () => {
    assert.deepEqual(run.records.map((r) => r.step), [0, 100, 200, 300]);
    for (const r of run.records) for (const key of ['ce_yp', 'p_attr_xp_true', 'p_attr_xp_false', 'auc_xp', 'auc_raw_xp', 'norm_ratio_xp']) assert.ok(Number.isFinite(r[key]), `${key} at ${r.step}`);
    assert.ok(run.records[3].loss < run.records[1].loss, `loss ${run.records[1].loss} → ${run.records[3].loss}`);
    assert.ok(run.records[3].p_attr_x > 0.5, `memorising: P(g(x)) ${run.records[3].p_attr_x}`);
  });

  it('the file is a plain inference model: tokens int64 [6, 4] in, logits and every hook out, named weights', async () => {
    const model = await loadOnnxModel(file);
    const summary = summarizeOnnxModel(model);
    assert.deepEqual(summary.inputs, [{ name: 'tokens', dtype: 'INT64', shape: [BATCH, 4] }]);
    assert.deepEqual(summary.outputs.map((o) => o.name), ['logits', ...HOOKS]);
    assert.deepEqual(summary.outputs[0].shape, [BATCH, 4, c.vocab]);
    const initializers = new Set(model.graph?.initializer?.map((t) => t.name));
    for (const name of Object.keys(run.params)) assert.ok(initializers.has(name), `initializer ${name}`);
    assert.deepEqual(JSON.parse(model.metadataProps?.find((p) => p.key === TRANSFORMER_CONFIG_KEY)?.value ?? '{}'), c);
    const hooked = listIntermediates(model).find((t) => t.name === 'blocks.0.hook_resid_post');
    assert.deepEqual([hooked?.isOutput, hooked?.dtype, hooked?.shape], [true, 'FLOAT', [BATCH, 4, c.dModel]]);
  });

  it('a fresh ORT session on the saved file gives the engine\'s own forward pass to 1e-5, logits and hooks', async () => {
    const engine = await engineForward(c, run.params, tokens.subarray(0, BATCH * 4));
    for (const name of ['logits', ...HOOKS]) {
      const difference = maxDifference(fromFile[name].data as Float32Array, engine[name]);
      assert.ok(difference <= 1e-5, `${name}: max |difference| ${difference}`);
    }
  });

  it('the hooks mean what TransformerLens means by them', () => {
    const h = (name: string) => fromFile[name].data as Float32Array;
    const p = run.params;
    const d = c.dModel;
    const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) => assert.ok(maxDifference(a, b) < 1e-4, what);
    close(h('blocks.0.hook_resid_pre'), h('hook_embed').map((v, i) => v + h('hook_pos_embed')[i]), 'resid_pre = embed + pos_embed');
    close(h('hook_embed').subarray(0, d), p['embed.W_E'].data.subarray(Number(tokens[0]) * d, Number(tokens[0]) * d + d), 'embed = W_E[token]');
    close(h('blocks.0.hook_resid_mid'), h('blocks.0.hook_resid_pre').map((v, i) => v + h('blocks.0.hook_attn_out')[i]), 'resid_mid = resid_pre + attn_out');
    close(h('blocks.0.hook_resid_post'), h('blocks.0.hook_resid_mid').map((v, i) => v + h('blocks.0.hook_mlp_out')[i]), 'resid_post = resid_mid + mlp_out');
    const tanhGelu = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
    close(h('blocks.0.mlp.hook_post'), h('blocks.0.mlp.hook_pre').map(tanhGelu), 'hook_post = gelu_tanh(hook_pre)');
    close(h('blocks.0.hook_mlp_out'), affine(h('blocks.0.mlp.hook_post'), p['blocks.0.mlp.W_out'], p['blocks.0.mlp.b_out']), 'mlp_out = post · W_out + b_out');
    const normalized = h('ln_final.hook_normalized');
    for (let r = 0; r < normalized.length / d; r++) {
      const row = normalized.subarray(r * d, (r + 1) * d);
      const mean = row.reduce((a, b) => a + b, 0) / d;
      const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / d;
      assert.ok(Math.abs(mean) < 1e-5 && Math.abs(variance - 1) < 1e-3, `ln_final.hook_normalized row ${r}: mean ${mean}, var ${variance}`);
    }
    const scaled = normalized.map((v, i) => v * p['ln_final.w'].data[i % d] + p['ln_final.b'].data[i % d]);
    close(h('logits'), affine(scaled, p['unembed.W_U'], p['unembed.b_U']), 'logits = (normalized·w + b) · W_U + b_U');
  });

  it('collectActivations pads the last batch of the fixed-batch export and keeps only real rows', async () => {
    const input = join(dir, 'tokens.npy');
    await writeNpy(input, { dtype: 'I64', shape: [10, 4], data: tokens.subarray(0, 40) });
    const out = join(dir, 'resid.npy');
    const result = await collectActivations({ model: file, hook: 'blocks.0.hook_resid_post', input, out });
    assert.deepEqual({ rows: result.rows, d: result.d, runs: result.runs, shape: result.activationShape }, { rows: 40, d: c.dModel, runs: 2, shape: [BATCH, 4, c.dModel] });
    const [first, second] = [await engineForward(c, run.params, tokens.subarray(0, 24)), await engineForward(c, run.params, tokens.subarray(24, 48))];
    const expected = new Float32Array([...first['blocks.0.hook_resid_post'], ...second['blocks.0.hook_resid_post'].subarray(0, 16 * c.dModel)]);
    const written = await readNpy(out);
    assert.deepEqual(written.shape, [40, c.dModel]);
    assert.ok(maxDifference(written.data as Float32Array, expected) <= 1e-5);
    await assert.rejects(collectActivations({ model: file, hook: 'blocks.0.hook_resid_post', input, out, batch: 4 }), /fixed batch of 6/);
  });

  it('text through a vocabulary of the truth tokens gives the same activations as the token ids', async () => {
    const n = c.vocab / 2;
    const vocab = Object.fromEntries(Array.from({ length: 2 * n }, (_, i) => [i < n ? `s${i}` : `a${i - n}`, i]));
    const names = Object.keys(vocab);
    writeFileSync(join(dir, 'vocab.json'), JSON.stringify(vocab));
    const lines = Array.from({ length: BATCH }, (_, r) => Array.from(tokens.subarray(4 * r, 4 * r + 4), (t) => names[Number(t)]).join(' '));
    writeFileSync(join(dir, 'facts.txt'), lines.join('\n'));
    const out = join(dir, 'from_text.npy');
    await collectActivations({ model: file, hook: 'ln_final.hook_normalized', input: join(dir, 'facts.txt'), tokenizer: join(dir, 'vocab.json'), out });
    assert.ok(maxDifference((await readNpy(out)).data as Float32Array, fromFile['ln_final.hook_normalized'].data as Float32Array) <= 1e-6);
  });
});

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import pkg from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { loadOnnxModel, saveOnnxModel, summarizeOnnxModel } from '../../../src/engine/io';
import { assertFormatError, useTempDir } from './helpers';

const { onnx } = pkg;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

/** relu(x @ w + b) with x: [batch, 3], w: [3, 2], b: [2]. */
function tinyModel() {
  const valueInfo = (name: string, dims: (number | string)[]) => ({
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
  return onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'saescope-test',
    producerVersion: '1',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'tiny',
      node: [
        { opType: 'MatMul', input: ['x', 'w'], output: ['h'] },
        { opType: 'Add', input: ['h', 'b'], output: ['y'] },
        { opType: 'Relu', input: ['y'], output: ['z'] },
      ],
      initializer: [
        { name: 'w', dataType: FLOAT, dims: [3, 2], floatData: [1, -1, 2, 0, -1, 3] },
        { name: 'b', dataType: FLOAT, dims: [2], floatData: [0.5, -10] },
      ],
      input: [valueInfo('x', ['batch', 3])],
      output: [valueInfo('z', ['batch', 2])],
    },
  });
}

describe('io/onnxModel', () => {
  const temp = useTempDir();

  it('saves, loads and summarises a model', async () => {
    const path = temp('tiny.onnx');
    await saveOnnxModel(path, tinyModel());
    const model = await loadOnnxModel(path);
    assert.deepEqual(summarizeOnnxModel(model), {
      irVersion: 8,
      opsets: [{ domain: 'ai.onnx', version: 17 }],
      producer: 'saescope-test 1',
      inputs: [{ name: 'x', dtype: 'FLOAT', shape: ['batch', 3] }],
      outputs: [{ name: 'z', dtype: 'FLOAT', shape: ['batch', 2] }],
      opCounts: { MatMul: 1, Add: 1, Relu: 1 },
      initializers: 2,
    });
    assert.deepEqual(onnx.ModelProto.encode(model).finish(), onnx.ModelProto.encode(tinyModel()).finish());
  });

  it('saves a model onnxruntime can run', async () => {
    const path = temp('tiny.onnx');
    await saveOnnxModel(path, tinyModel());
    const session = await ort.InferenceSession.create(readFileSync(path));
    try {
      const x = new ort.Tensor('float32', new Float32Array([1, 2, 3, -1, 0, 1]), [2, 3]);
      const { z } = await session.run({ x });
      // [1,2,3] @ w = [1+4-3, -1+0+9] = [2, 8]; [-1,0,1] @ w = [-1-1, 1+3] = [-2, 4]; then + b and relu.
      assert.deepEqual(z.dims, [2, 2]);
      assert.deepEqual(z.data, new Float32Array([2.5, 0, 0, 0]));
    } finally {
      await session.release();
    }
  });

  it('leaves initializers out of the summarised inputs and keeps unknown dims and custom domains', () => {
    const model = tinyModel();
    model.irVersion = 3;
    model.graph!.input!.push({ name: 'w', type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimValue: 3 }, { dimValue: 2 }] } } } });
    model.graph!.input!.push({ name: 'm', type: { tensorType: { elemType: onnx.TensorProto.DataType.INT64, shape: { dim: [{}] } } } });
    model.graph!.input!.push({ name: 'r', type: { tensorType: { elemType: FLOAT } } });
    model.graph!.node!.push({ opType: 'Gelu', domain: 'com.microsoft', input: ['z'], output: ['g'] });
    const summary = summarizeOnnxModel(onnx.ModelProto.decode(onnx.ModelProto.encode(model).finish()));
    assert.deepEqual(summary.inputs, [
      { name: 'x', dtype: 'FLOAT', shape: ['batch', 3] },
      { name: 'm', dtype: 'INT64', shape: ['?'] },
      { name: 'r', dtype: 'FLOAT', shape: null },
    ]);
    assert.deepEqual(summary.opCounts, { MatMul: 1, Add: 1, Relu: 1, 'com.microsoft.Gelu': 1 });
  });

  it('refuses files that are not ONNX models', async () => {
    const path = temp('bad.onnx');
    writeFileSync(path, 'this is not protobuf at all, just text');
    await assertFormatError(loadOnnxModel(path), 'bad-onnx', path);
    writeFileSync(path, onnx.ModelProto.encode({ irVersion: 8 }).finish());
    await assertFormatError(loadOnnxModel(path), 'bad-onnx', path);
    await assertFormatError(loadOnnxModel(temp('missing.onnx')), 'not-found', temp('missing.onnx'));
  });

  it('refuses to save an invalid model', async () => {
    const path = temp('bad.onnx');
    await assertFormatError(saveOnnxModel(path, { irVersion: 'eight' as never }), 'bad-onnx', path);
  });
});

import pkg from 'onnx-proto';
import { Graph } from './graph';
import { ModelProto, OPSET, initializers, nodeProto, plan, valueInfo } from './onnx';
import { onnxTypeCode } from './ops/elementwise';

const { onnx } = pkg;

/**
 * The same training step repeated `steps` times inside one ONNX Loop, so one ORT `run` advances training
 * by several steps. Inputs named in `stacked` (and every noise input) gain a leading axis of length
 * `steps`: step i reads slice i. Carried state flows through the loop; every other output is stacked
 * per step (ONNX scan outputs), so metrics come back as [steps, ...].
 */
export function toLoopModelProto(g: Graph, steps: number, stacked: ReadonlySet<string>): ModelProto {
  const { nodes, live } = plan(g, g.outputs);
  const nextNames = new Set(g.carries.map((c) => c.next.name));
  const metrics = g.outputs.filter((o) => !nextNames.has(o.name));
  const perStep = g.inputs.filter((i) => stacked.has(i.tensor.name) || i.role === 'noise').map((i) => i.tensor);

  // Names inside the body must not repeat names of the outer graph.
  const inner = new Map<string, string>();
  for (const c of g.carries) {
    inner.set(c.state.name, `${c.state.name}__in`);
    inner.set(c.next.name, `${c.next.name}__out`);
  }
  for (const m of metrics) inner.set(m.name, `${m.name}__out`);
  for (const t of perStep) inner.set(t.name, `${t.name}__step`);
  const rename = (n: string) => inner.get(n) ?? n;

  const body = {
    name: `${g.name}_step`,
    node: [
      ...perStep.map((t) => nodeProto({ op: 'Gather', domain: '', inputs: [t.name, 'iter'], outputs: [rename(t.name)], attrs: { axis: { kind: 'int', value: 0 } } })),
      ...nodes.map((n) => nodeProto({ ...n, inputs: n.inputs.map(rename), outputs: n.outputs.map(rename) })),
      nodeProto({ op: 'Identity', domain: '', inputs: ['cond_in'], outputs: ['cond_out'], attrs: {} }),
    ],
    input: [
      valueInfo({ name: 'iter', dtype: 'int64', shape: [] }),
      valueInfo({ name: 'cond_in', dtype: 'bool', shape: [] }),
      ...g.carries.map((c) => valueInfo({ ...c.state, name: rename(c.state.name) })),
    ],
    output: [
      valueInfo({ name: 'cond_out', dtype: 'bool', shape: [] }),
      ...g.carries.map((c) => valueInfo({ ...c.next, name: rename(c.next.name) })),
      ...metrics.map((m) => valueInfo({ ...m, name: rename(m.name) })),
    ],
  };

  const tripCount = { name: 'loop.trip_count', dims: [], dataType: onnxTypeCode.int64, rawData: new Uint8Array(BigInt64Array.of(BigInt(steps)).buffer) };
  const loop = {
    opType: 'Loop',
    input: ['loop.trip_count', '', ...g.carries.map((c) => c.state.name)],
    output: [...g.carries.map((c) => c.next.name), ...metrics.map((m) => m.name)],
    attribute: [{ name: 'body', type: onnx.AttributeProto.AttributeType.GRAPH, g: body }],
  };
  return onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'saescope',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: {
      name: `${g.name}_x${steps}`,
      node: [loop],
      input: g.inputs.map((i) => valueInfo(perStep.includes(i.tensor) ? { ...i.tensor, shape: [steps, ...i.tensor.shape] } : i.tensor)),
      initializer: [...initializers(g, live), tripCount],
      output: [
        ...g.carries.map((c) => valueInfo(c.next)),
        ...metrics.map((m) => valueInfo({ ...m, shape: [steps, ...m.shape] })),
      ],
    },
  });
}

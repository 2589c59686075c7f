import { Attr, Shape, Tensor } from './graph';

/** A node as it will be written: tensors by name, so passes can rename and drop freely. */
export interface PlainNode {
  op: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, Attr>;
}

/**
 * Peephole passes ORT does not do for us. Each only removes work, never changes a value (up to rounding):
 * - Add(Gemm(a, b), c) with c broadcasting onto the product becomes Gemm(a, b, c) (the kernel adds C in place);
 * - ReduceSum over rows of Gemm(a, b) becomes Gemm(row sums of a, b): Σ_rows (a·b) = (Σ_rows a)·b. This is the
 *   gradient of a bias subtracted from a matrix product's input (SAELens' b_dec), a whole product saved;
 * - an Identity that only renames a computed value to a graph output is dropped by renaming the value.
 */
export function fuseForOrt(nodes: PlainNode[], shapes: Map<string, Shape>, graphInputs: Set<string>, outputs: readonly Tensor[],
  constants: ReadonlyMap<string, ArrayLike<number | bigint>>): PlainNode[] {
  const summed = sumRowsBeforeGemm(nodes, shapes, outputs, constants);
  return elideOutputIdentities(fuseGemmBias(summed, shapes, outputs), graphInputs, outputs);
}

function sumRowsBeforeGemm(nodes: PlainNode[], shapes: Map<string, Shape>, outputs: readonly Tensor[],
  constants: ReadonlyMap<string, ArrayLike<number | bigint>>): PlainNode[] {
  const uses = consumers(nodes);
  const outputNames = new Set(outputs.map((o) => o.name));
  const gemmOf = new Map(nodes.filter((n) => n.op === 'Gemm' && n.inputs.length === 2).map((n) => [n.outputs[0], n]));
  const result: PlainNode[] = [];
  const replaced = new Map<PlainNode, PlainNode[]>();
  for (const n of nodes) {
    const gemm = n.op === 'ReduceSum' ? gemmOf.get(n.inputs[0]) : undefined;
    const axes = constants.get(n.inputs[1] ?? '');
    const keepdims = n.attrs.keepdims?.kind === 'int' && n.attrs.keepdims.value === 1;
    const transA = gemm?.attrs.transA?.kind === 'int' && gemm.attrs.transA.value === 1;
    if (!gemm || !keepdims || transA || !axes || axes.length !== 1 || Number(axes[0]) !== 0) continue;
    if (uses.get(gemm.outputs[0]) !== 1 || outputNames.has(gemm.outputs[0])) continue;
    const a = gemm.inputs[0];
    const rowSum = `${a}__rowsum`;
    shapes.set(rowSum, [1, shapes.get(a)![1]]);
    replaced.set(gemm, []);
    replaced.set(n, [
      { op: 'ReduceSum', domain: '', inputs: [a, n.inputs[1]], outputs: [rowSum], attrs: n.attrs },
      { ...gemm, inputs: [rowSum, gemm.inputs[1]], outputs: n.outputs },
    ]);
  }
  for (const n of nodes) result.push(...(replaced.get(n) ?? [n]));
  return result;
}

function consumers(nodes: readonly PlainNode[]): Map<string, number> {
  const count = new Map<string, number>();
  for (const n of nodes) for (const i of n.inputs) count.set(i, (count.get(i) ?? 0) + 1);
  return count;
}

function broadcastsOnto(c: Shape, target: Shape): boolean {
  if (c.length > target.length) return false;
  return c.every((d, i) => d === 1 || d === target[target.length - c.length + i]);
}

function fuseGemmBias(nodes: PlainNode[], shapes: Map<string, Shape>, outputs: readonly Tensor[]): PlainNode[] {
  const uses = consumers(nodes);
  const outputNames = new Set(outputs.map((o) => o.name));
  const gemmOf = new Map(nodes.filter((n) => n.op === 'Gemm' && n.inputs.length === 2).map((n) => [n.outputs[0], n]));
  // The fused Gemm takes the Add's place, after its bias is computed (the Add was the product's only consumer).
  const replaced = new Map<PlainNode, PlainNode | null>();
  for (const add of nodes) {
    if (add.op !== 'Add') continue;
    for (const side of [0, 1]) {
      const gemm = gemmOf.get(add.inputs[side]);
      const bias = add.inputs[1 - side];
      const product = shapes.get(add.inputs[side])!;
      if (!gemm || replaced.has(gemm) || uses.get(gemm.outputs[0]) !== 1 || outputNames.has(gemm.outputs[0])) continue;
      if (!broadcastsOnto(shapes.get(bias)!, product) || shapes.get(add.outputs[0])!.join() !== product.join()) continue;
      replaced.set(gemm, null);
      replaced.set(add, { ...gemm, inputs: [...gemm.inputs, bias], attrs: { ...gemm.attrs, beta: { kind: 'float', value: 1 } }, outputs: [add.outputs[0]] });
      break;
    }
  }
  return nodes.flatMap((n) => {
    const r = replaced.get(n);
    return r === undefined ? [n] : r === null ? [] : [r];
  });
}

function elideOutputIdentities(nodes: PlainNode[], graphInputs: Set<string>, outputs: readonly Tensor[]): PlainNode[] {
  const outputNames = new Set(outputs.map((o) => o.name));
  const producerOf = new Map<string, PlainNode>();
  for (const n of nodes) for (const o of n.outputs) producerOf.set(o, n);
  const renamed = new Map<string, string>();
  const dropped = new Set<PlainNode>();
  for (const n of nodes) {
    if (n.op !== 'Identity' || !outputNames.has(n.outputs[0])) continue;
    const source = n.inputs[0];
    // Inputs, constants, other outputs and values already renamed once must stay copies.
    if (graphInputs.has(source) || outputNames.has(source) || renamed.has(source) || !producerOf.has(source)) continue;
    renamed.set(source, n.outputs[0]);
    dropped.add(n);
  }
  const rename = (name: string) => renamed.get(name) ?? name;
  return nodes
    .filter((n) => !dropped.has(n))
    .map((n) => ({ ...n, inputs: n.inputs.map(rename), outputs: n.outputs.map(rename) }));
}

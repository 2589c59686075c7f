import { ShapeError } from './errors';
import { Node, Tensor, sameShape } from './graph';
import { add } from './ops/elementwise';
import { expand, zeros } from './ops/shape';

/**
 * Reverse-mode gradients of a scalar `loss` with respect to `wrt`, appended to the same graph.
 * Each node's rule is called once, in reverse creation order, with the summed gradients of its outputs.
 * A tensor that `loss` does not depend on gets a zero gradient.
 */
export function grad(loss: Tensor, wrt: readonly Tensor[]): Tensor[] {
  const g = loss.graph;
  if (loss.size !== 1) throw new ShapeError('grad', `loss must have one element, got ${loss}`);
  const nodes = g.nodes.slice();
  const dependsOnWrt = forwardReach(nodes, wrt);
  const needed = backwardReach(nodes, loss);
  const grads = new Map<Tensor, Tensor>([[loss, g.constant(loss.dtype === 'float64' ? Float64Array.of(1) : Float32Array.of(1), loss.shape)]]);

  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i];
    if (!node.outputs.some((o) => needed.has(o) && dependsOnWrt.has(o))) continue;
    const gys = node.outputs.map((o) => grads.get(o) ?? null);
    if (gys.every((gy) => gy === null)) continue;
    const gxs = ruleOf(node)(node, gys);
    node.gradInputs.forEach((x, j) => {
      const gx = gxs[j];
      if (!gx || !dependsOnWrt.has(x)) return;
      if (!sameShape(gx.shape, x.shape)) {
        throw new ShapeError(node.op, `gradient rule returned ${gx} for input ${x}`);
      }
      const prev = grads.get(x);
      grads.set(x, prev ? accumulate(prev, gx, x) : gx);
    });
  }
  return wrt.map((w) => grads.get(w) ?? zeros(w));
}

/**
 * Sum two gradient contributions. A contribution that is only a broadcast (an Expand, as the gradient of a
 * reduction is) is added in its small form, so no full-size copy is made just to be summed.
 */
function accumulate(a: Tensor, b: Tensor, x: Tensor): Tensor {
  const small = (t: Tensor) => {
    const p = x.graph.producer.get(t);
    return p?.op === 'Expand' ? p.inputs[0] : t;
  };
  const sum = add(small(a), small(b));
  return sameShape(sum.shape, x.shape) ? sum : expand(sum, x.shape);
}

function ruleOf(node: Node): NonNullable<Node['grad']> {
  if (node.grad) return node.grad;
  if (node.op === 'Identity') return (_n, gys) => gys;
  throw new ShapeError(node.op, 'has no gradient rule');
}

function forwardReach(nodes: readonly Node[], from: readonly Tensor[]): Set<Tensor> {
  const reached = new Set(from);
  for (const node of nodes) {
    if (node.gradInputs.some((t) => reached.has(t))) node.outputs.forEach((o) => reached.add(o));
  }
  return reached;
}

function backwardReach(nodes: readonly Node[], to: Tensor): Set<Tensor> {
  const reached = new Set([to]);
  for (let i = nodes.length - 1; i >= 0; i--) {
    if (nodes[i].outputs.some((o) => reached.has(o))) nodes[i].gradInputs.forEach((t) => reached.add(t));
  }
  return reached;
}

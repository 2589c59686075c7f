import { Tensor } from '../graph';

/**
 * `value` in the forward pass, but gradients skip the ops that computed it: `rule` maps the upstream
 * gradient to gradients of `deps` instead. This is how straight-through estimators are written.
 */
export function customGradient(value: Tensor, deps: readonly Tensor[], rule: (gy: Tensor) => (Tensor | null)[]): Tensor {
  return value.graph.emit({
    op: 'Identity',
    inputs: [value],
    outputs: [{ dtype: value.dtype, shape: value.shape }],
    gradInputs: deps,
    grad: (_n, [gy]) => (gy ? rule(gy) : deps.map(() => null)),
  })[0];
}

/** The same value, with no gradient flowing through it. */
export const stopGradient = (x: Tensor): Tensor => customGradient(x, [], () => []);

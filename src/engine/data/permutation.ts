import type { Rng } from '../util/random';

/** Fills `order` with 0..n-1, shuffled uniformly (Fisher–Yates) when an rng is given. */
export function fillPermutation(order: Uint32Array, rng: Rng | undefined): void {
  for (let i = 0; i < order.length; i++) order[i] = i;
  if (!rng) return;
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

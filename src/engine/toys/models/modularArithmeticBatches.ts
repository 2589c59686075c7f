import { Rng } from '../../util/random';
import { ModularExamples } from './modularArithmeticData';

/** Fills stacked batches: each step takes `batch` distinct training examples, as a freshly shuffled loader's first batch does. */
export class ModularArithmeticBatches {
  private readonly order: Int32Array;
  readonly a: BigInt64Array;
  readonly b: BigInt64Array;
  readonly labels: BigInt64Array;

  constructor(private readonly train: ModularExamples, private readonly batch: number, private readonly steps: number, private readonly rng: Rng) {
    this.order = Int32Array.from({ length: train.size }, (_, i) => i);
    this.a = new BigInt64Array(steps * batch);
    this.b = new BigInt64Array(steps * batch);
    this.labels = new BigInt64Array(steps * batch);
  }

  /** Partial Fisher–Yates: the first `batch` entries of `order` become a uniform random subset. */
  fill(): void {
    const n = this.train.size;
    for (let s = 0; s < this.steps; s++) {
      for (let i = 0; i < this.batch; i++) {
        const j = i + this.rng.int(n - i);
        [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
        const k = this.order[i];
        this.a[s * this.batch + i] = this.train.a[k];
        this.b[s * this.batch + i] = this.train.b[k];
        this.labels[s * this.batch + i] = this.train.labels[k];
      }
    }
  }
}

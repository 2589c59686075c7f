/** A stream of activation rows (d_in floats each) for SAE training. Call one method at a time: await each before the next. */
export interface ActivationSource {
  readonly dIn: number;
  /** Rows the source yields in all; undefined when it never ends (it loops or generates). */
  readonly rows: number | undefined;
  /**
   * Fills `out`, a [B, dIn] row-major batch, and returns the rows filled. Fewer than B only at the end of a finite
   * source; after that, 0.
   */
  nextBatch(out: Float32Array): Promise<number>;
  /** Starts over: the rows that follow are the same as from a freshly opened source. */
  reset(): Promise<void>;
  close(): Promise<void>;
  /** One line for logs and run records: where the rows come from and how they are ordered. */
  describe(): string;
}

/** Order and repetition, shared by every source that reads stored rows. */
export interface OrderOptions {
  /** Draw rows in a seeded random order, fresh each epoch (default true). */
  shuffle?: boolean;
  /** Seed for the shuffle (default 0). */
  seed?: number;
  /** Start another epoch at the end instead of stopping (default false); a looping source never ends. */
  loop?: boolean;
}

/** The number of rows `out` holds; a batch must be a non-empty whole number of rows. */
export function batchRowsOf(out: Float32Array, dIn: number): number {
  if (out.length === 0 || out.length % dIn !== 0) {
    throw new RangeError(`a batch must hold whole rows of d_in ${dIn}, but has ${out.length} floats`);
  }
  return out.length / dIn;
}

export function describeOrder(options: Required<OrderOptions>): string {
  const order = options.shuffle ? `shuffled (seed ${options.seed})` : 'in order';
  return `${order}, ${options.loop ? 'looping' : 'one epoch'}`;
}

export function orderDefaults(options: OrderOptions): Required<OrderOptions> {
  return { shuffle: options.shuffle ?? true, seed: options.seed ?? 0, loop: options.loop ?? false };
}

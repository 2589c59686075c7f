/** Calls `visit` with every value of a multiset, a block at a time; it may be called again for a second pass. */
export type ValuePass = (visit: (values: Float32Array) => void) => Promise<void>;

const BUCKET_BITS = 16;

/**
 * The exact r-th largest value of a multiset of float32 values for each 1-based rank r, without holding the
 * multiset: a radix selection in two passes. Float32 bit patterns are mapped to unsigned keys in the order of the
 * values; the first pass counts keys by their top 16 bits, which names the bucket holding each rank and the rank
 * within it; the second keeps only the values of those buckets, which are sorted. Memory is the 2¹⁶ counts plus
 * the chosen buckets. NaN ranks beyond the multiset's size.
 */
export async function largestByRank(pass: ValuePass, ranks: readonly number[]): Promise<number[]> {
  const counts = new Float64Array(2 ** BUCKET_BITS);
  const bits = new Uint32Array(1);
  const asFloat = new Float32Array(bits.buffer);
  const bucketOf = (v: number) => {
    asFloat[0] = v;
    return (sortableKey(bits[0]) >>> (32 - BUCKET_BITS)) >>> 0;
  };
  let total = 0;
  await pass((values) => {
    for (let i = 0; i < values.length; i++) counts[bucketOf(values[i])]++;
    total += values.length;
  });

  // From the top bucket down: the bucket where each rank falls, and its rank among that bucket's values.
  const kept = new Map<number, number[]>();
  const placed = ranks.map((r) => {
    if (!(Number.isInteger(r) && r >= 1 && r <= total)) return undefined;
    let above = 0;
    let b = counts.length - 1;
    while (above + counts[b] < r) above += counts[b--];
    kept.set(b, []);
    return { bucket: b, within: r - above };
  });
  await pass((values) => {
    for (let i = 0; i < values.length; i++) kept.get(bucketOf(values[i]))?.push(values[i]);
  });
  for (const values of kept.values()) values.sort((x, y) => y - x);
  return placed.map((p) => (p ? kept.get(p.bucket)![p.within - 1] : Number.NaN));
}

/** Float32 bits → unsigned key in the order of the values: negatives reversed below positives. */
function sortableKey(bits: number): number {
  return (bits & 0x80000000 ? ~bits : bits | 0x80000000) >>> 0;
}

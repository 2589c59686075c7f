/** An ordered pair of samples: the influence of upweighting `source` on the loss of `target`. */
export interface InfluencePair {
  source: string;
  target: string;
  /** Indices of source and target among the model's samples. */
  i: number;
  j: number;
}

/** `dog:oak,dog:cat` against the model's sample names; an unknown name is an error listing the names. */
export function parsePairs(text: string, names: readonly string[]): InfluencePair[] {
  const pairs = text.split(',').map((s) => s.trim()).filter(Boolean).map((spec) => {
    const parts = spec.split(':').map((s) => s.trim());
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new RangeError(`a pair is written source:target, got '${spec}'`);
    const [i, j] = parts.map((name) => {
      const k = names.indexOf(name);
      if (k < 0) throw new RangeError(`no sample named '${name}' in pair '${spec}'; the samples are ${names.join(', ')}`);
      return k;
    });
    if (i === j) throw new RangeError(`pair '${spec}' names one sample twice; influence is between two samples`);
    return { source: parts[0], target: parts[1], i, j };
  });
  if (pairs.length === 0) throw new RangeError('no pairs given; write them as source:target,source:target');
  return pairs;
}

/** The samples that appear in any pair, in the model's order (the observed set of the sampler). */
export function observedSamples(pairs: readonly InfluencePair[]): number[] {
  return [...new Set(pairs.flatMap((p) => [p.i, p.j]))].sort((a, b) => a - b);
}

/**
 * Sign flips, peaks and the harmful onset of one influence trajectory, read on the Pearson correlation of the
 * two loss traces (scale-free, so one threshold serves every checkpoint and pair). corr has the sign of Cov,
 * so corr < 0 ⇔ BIF > 0 ⇔ harmful, corr > 0 ⇔ helpful.
 *
 * Rules:
 * - A checkpoint is *helpful* when corr ≥ +band, *harmful* when corr ≤ −band, otherwise neutral.
 * - A *sign flip* is two consecutive signed checkpoints (neutral ones in between are skipped) of opposite
 *   sign; it is placed at the first checkpoint of the new sign, with the last one of the old sign beside it.
 * - A *segment* is a maximal run of checkpoints of one sign (a neutral checkpoint ends it). Its *peak* is its
 *   checkpoint of largest |corr|; a peak is marked when |corr| ≥ peakMin.
 * - The *harmful onset* is the first checkpoint of the segment that holds the most harmful marked peak.
 */

export type InfluenceSign = 'helpful' | 'harmful' | 'neutral';

export interface MarkOptions {
  /** Dead band around 0 inside which the sign is not read (default 0.05). */
  band?: number;
  /** Smallest |corr| a segment's extremum needs to count as a peak (default 0.1). */
  peakMin?: number;
}

export interface SignFlip {
  /** Last checkpoint step of the old sign. */
  fromStep: number;
  /** First checkpoint step of the new sign: where the flip is marked. */
  step: number;
  to: Exclude<InfluenceSign, 'neutral'>;
}

export interface InfluencePeak {
  step: number;
  correlation: number;
  sign: Exclude<InfluenceSign, 'neutral'>;
  /** First and last checkpoint steps of the segment the peak belongs to. */
  segment: [number, number];
}

export interface TrajectoryMarks {
  signs: InfluenceSign[];
  flips: SignFlip[];
  peaks: InfluencePeak[];
  /** Step of the harmful onset; null when no harmful peak is marked. */
  harmfulOnset: number | null;
}

export const DEFAULT_BAND = 0.05;
export const DEFAULT_PEAK_MIN = 0.1;

export function signOf(correlation: number, band = DEFAULT_BAND): InfluenceSign {
  if (correlation >= band) return 'helpful';
  if (correlation <= -band) return 'harmful';
  return 'neutral';
}

export function markTrajectory(steps: readonly number[], correlation: readonly number[], options: MarkOptions = {}): TrajectoryMarks {
  const { band = DEFAULT_BAND, peakMin = DEFAULT_PEAK_MIN } = options;
  if (steps.length !== correlation.length) throw new RangeError(`trajectory has ${steps.length} steps but ${correlation.length} values`);
  if (!(band >= 0) || !(peakMin >= band)) throw new RangeError(`need 0 ≤ band ≤ peakMin, got band ${band}, peakMin ${peakMin}`);
  // An undefined correlation (a constant trace) is read as neutral.
  const signs = correlation.map((c) => (Number.isNaN(c) ? 'neutral' : signOf(c, band)));

  const flips: SignFlip[] = [];
  let last = -1;
  signs.forEach((s, k) => {
    if (s === 'neutral') return;
    if (last >= 0 && signs[last] !== s) flips.push({ fromStep: steps[last], step: steps[k], to: s });
    last = k;
  });

  const peaks: InfluencePeak[] = [];
  const onsets = new Map<InfluencePeak, number>();
  for (let start = 0; start < signs.length; ) {
    const sign = signs[start];
    let end = start;
    while (end + 1 < signs.length && signs[end + 1] === sign) end++;
    if (sign !== 'neutral') {
      let best = start;
      for (let k = start; k <= end; k++) if (Math.abs(correlation[k]) > Math.abs(correlation[best])) best = k;
      if (Math.abs(correlation[best]) >= peakMin) {
        const peak: InfluencePeak = { step: steps[best], correlation: correlation[best], sign, segment: [steps[start], steps[end]] };
        peaks.push(peak);
        onsets.set(peak, steps[start]);
      }
    }
    start = end + 1;
  }

  const harmful = peaks.filter((p) => p.sign === 'harmful');
  const worst = harmful.reduce<InfluencePeak | undefined>((a, p) => (a === undefined || p.correlation < a.correlation ? p : a), undefined);
  return { signs, flips, peaks, harmfulOnset: worst ? onsets.get(worst)! : null };
}

/** The stage boundary nearest to `step` and the distance to it (null when there are none). */
export function nearestBoundary(step: number, boundaries: readonly number[]): { boundary: number; distance: number } | null {
  let best: { boundary: number; distance: number } | null = null;
  for (const b of boundaries) {
    const distance = Math.abs(step - b);
    if (best === null || distance < best.distance) best = { boundary: b, distance };
  }
  return best;
}

/**
 * Area under the ROC curve by the rank statistic (Mann–Whitney U): the chance a random positive scores above a
 * random negative, ties counting one half. Tied scores share their average rank.
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]] === scores[order[start]]) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) {
      if (positive[order[k]]) {
        positives++;
        rankSum += averageRank;
      }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) throw new RangeError('AUC needs at least one positive and one negative');
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Neumaier (improved Kahan) summation in float64: an eval adds one term per row over millions of rows, and the
 * variance denominators are sums of many similar positive terms, where plain summation loses digits.
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(term: number): void {
    const t = this.sum + term;
    this.compensation += Math.abs(this.sum) >= Math.abs(term) ? this.sum - t + term : term - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}

export function compensatedTotal(values: ArrayLike<number>): number {
  const total = new CompensatedSum();
  for (let i = 0; i < values.length; i++) total.add(values[i]);
  return total.value;
}

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bayesianInfluence, emptyTraces, recordDraw, type ChainReduction } from '../../../../src/engine/diagnostics/influence/bif';

/** Written by test/fixtures/influence/make_fixtures.py with numpy (np.cov, np.corrcoef). */
interface Fixture {
  chains: number;
  draws: number;
  samples: number;
  traces: number[];
  stack: { cov: number[]; corrcoef: number[] };
  mean: { cov: number[]; corrcoef: number[] };
}

const fixture: Fixture = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'influence', 'expected.json'), 'utf8'));

function fixtureTraces() {
  const traces = emptyTraces(fixture.chains, fixture.draws, fixture.samples);
  for (let c = 0; c < fixture.chains; c++) {
    for (let d = 0; d < fixture.draws; d++) {
      const at = (c * fixture.draws + d) * fixture.samples;
      recordDraw(traces, c, d, fixture.traces.slice(at, at + fixture.samples));
    }
  }
  return traces;
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, label: string): void {
  assert.equal(actual.length, expected.length, label);
  for (let k = 0; k < expected.length; k++) {
    assert.ok(Math.abs(actual[k] - expected[k]) <= tol * Math.max(1, Math.abs(expected[k])), `${label}[${k}]: ${actual[k]} vs ${expected[k]}`);
  }
}

describe('Bayesian influence from loss traces (target 20)', () => {
  for (const reduction of ['stack', 'mean'] as ChainReduction[]) {
    it(`covariance and correlation equal numpy's np.cov / np.corrcoef of the ${reduction} traces`, () => {
      const m = bayesianInfluence(fixtureTraces(), reduction);
      assert.equal(m.observations, reduction === 'stack' ? fixture.chains * fixture.draws : fixture.draws);
      assertClose(m.covariance, fixture[reduction].cov, 1e-12, 'cov');
      assertClose(m.correlation, fixture[reduction].corrcoef, 1e-12, 'corr');
    });
  }

  it('BIF is minus the covariance and the correlation diagonal is exactly 1', () => {
    const m = bayesianInfluence(fixtureTraces());
    m.covariance.forEach((v, k) => assert.equal(m.influence[k], -v));
    for (let i = 0; i < m.samples; i++) assert.equal(m.correlation[i * m.samples + i], 1);
  });

  it('matches closed forms: ℓ_2 = 3ℓ_1 + 1 has corr +1 and cov 3·var, ℓ_3 = −ℓ_1 has corr −1', () => {
    const traces = emptyTraces(2, 3, 3);
    const base = [[1, 2, 4], [0, -1, 3]];
    base.forEach((chain, c) => chain.forEach((x, d) => recordDraw(traces, c, d, [x, 3 * x + 1, -x])));
    const xs = base.flat();
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
    const m = bayesianInfluence(traces);
    assertClose([m.covariance[0], m.covariance[1], m.covariance[4], m.influence[2]], [variance, 3 * variance, 9 * variance, variance], 1e-12, 'cov');
    assertClose([m.correlation[1], m.correlation[2], m.correlation[5]], [1, -1, -1], 1e-12, 'corr');
  });

  it('a constant trace has an undefined (NaN) correlation with the others but diagonal 1', () => {
    const traces = emptyTraces(1, 4, 2);
    [1, 2, 3, 5].forEach((x, d) => recordDraw(traces, 0, d, [x, 7]));
    const m = bayesianInfluence(traces);
    assert.ok(Number.isNaN(m.correlation[1]));
    assert.equal(m.correlation[3], 1);
    assert.equal(m.covariance[3], 0);
  });

  it('refuses draws of the wrong size, out-of-range draws and a single observation', () => {
    const traces = emptyTraces(1, 2, 3);
    assert.throws(() => recordDraw(traces, 0, 0, [1, 2]), /2 losses, the traces hold 3 samples/);
    assert.throws(() => recordDraw(traces, 1, 0, [1, 2, 3]), /outside 1 chains × 2 draws/);
    assert.throws(() => bayesianInfluence(emptyTraces(1, 1, 2)), /at least 2 observations/);
    assert.throws(() => emptyTraces(0, 1, 1), /positive integer number of chains/);
  });
});

import assert from 'node:assert/strict';
import { runBench, type BenchReport } from '../../../src/engine/bench/index';
import { topkSparsePays } from '../../../src/engine/sae/arch/topkSparse';

const isFiniteNumber = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

describe('bench: runBench --quick', () => {
  let report: BenchReport;
  const lines: string[] = [];

  before(async function () {
    this.timeout(900_000);
    report = await runBench({ quick: true, log: (line) => lines.push(line) });
  });

  it('reports the machine and the foundation figures', () => {
    assert.ok(report.machine.cpus >= 1);
    assert.ok(isFiniteNumber(report.matmulPeak?.gflops));
    assert.ok(report.reluSaeStep && report.reluSaeStep.length > 0);
    assert.ok(isFiniteNumber(report.toyGenerator?.samplesPerSecond) && report.toyGenerator!.samplesPerSecond > 0);
  });

  it('reports the TopK step in ms/step and tokens/s, with a profile by op type', () => {
    const t = report.topkStep;
    assert.ok(t);
    assert.equal(t.threads, report.machine.cpus);
    assert.ok(isFiniteNumber(t.msPerStep) && t.msPerStep > 0);
    assert.ok(Math.abs(t.tokensPerS - t.batch / (t.msPerStep / 1000)) < 1e-6 * t.tokensPerS);
    assert.ok(t.profile.some((o) => o.op === 'TopK'), `profile ops: ${t.profile.map((o) => o.op).join(', ')}`);
    const total = t.profile.reduce((sum, o) => sum + o.fraction, 0);
    assert.ok(Math.abs(total - 1) < 1e-6);
    const { sparse, dense } = report.topkStepByPath!;
    assert.equal(sparse.decodePath, 'sparse');
    assert.equal(dense.decodePath, 'dense');
    assert.ok(isFiniteNumber(sparse.msPerStep) && isFiniteNumber(dense.msPerStep));
    assert.equal(t.decodePath, topkSparsePays(t) ? 'sparse' : 'dense', 'the figure of the path trainSae picks');
  });

  it('reports the PyTorch reference with the ratio, or why it was skipped', () => {
    const t = report.torchTopkStep;
    assert.ok(t);
    if ('skipped' in t) {
      assert.match(t.skipped, /\S/);
      assert.ok(lines.some((l) => l.startsWith('(d)') && l.includes('skipped')));
    } else {
      assert.ok(isFiniteNumber(t.tokensPerS) && isFiniteNumber(t.msPerStep));
      assert.equal(t.threads, report.machine.cpus);
      assert.ok(Math.abs(t.oursOverTorch - report.topkStep!.tokensPerS / t.tokensPerS) < 1e-9);
      assert.ok(lines.some((l) => l.startsWith('(d)') && l.includes('ours/torch')));
    }
  });

  it('reports the peak RSS of training from a .npy file, measured in a process of its own', () => {
    const m = report.fileMemory;
    assert.ok(m && !('skipped' in m), JSON.stringify(m));
    assert.ok(isFiniteNumber(m.peakRssMb) && m.peakRssMb > 0);
    assert.ok(m.steps > 0 && m.fractionTrained > 0);
    assert.ok(m.bufferRows > 0 && m.chunkRows > 0);
    assert.ok(lines.some((l) => l.startsWith('(e)')));
  });

  it('reports the scaling-law exponents at the spec\'s settings with their uncertainty', () => {
    const figures = report.scalingFits;
    assert.ok(figures && figures.length === 4, JSON.stringify(figures));
    for (const f of figures) assert.ok(isFiniteNumber(f.exponent) && isFiniteNumber(f.stdError) && f.seconds >= 0, JSON.stringify(f));
    assert.ok(lines.some((l) => l.startsWith('(s)')));
  });

  it('is JSON-serialisable as the CLI prints it', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  });
});

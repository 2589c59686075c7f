import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { alignmentScores } from '../../../src/engine/diagnostics/alignment/alignmentScores';
import { bayesianInfluence } from '../../../src/engine/diagnostics/influence/bif';
import { crossValidatedProbe } from '../../../src/engine/diagnostics/probes/crossValidatedProbe';
import { normaliseRows } from '../../../src/engine/diagnostics/probes/rowNormalisation';
import { logBinned } from '../../../src/engine/diagnostics/scaling/logBins';
import { fitLossVsTime } from '../../../src/engine/diagnostics/scaling/lossVsTime';
import { fitPowerLaw } from '../../../src/engine/diagnostics/scaling/powerLawFit';
import { writeNpy } from '../../../src/engine/io/npy';
import { Rng } from '../../../src/engine/util/random';
import { alignSnippet } from '../../../src/extension/copyPython/alignSnippet';
import { dynamicsSnippet } from '../../../src/extension/copyPython/dynamicsSnippet';
import { labSnippet } from '../../../src/extension/copyPython/labSnippet';
import {
  parseFromAlignView, parseFromDynamicsView, parseFromLabView,
  type AlignRunRecord, type AlignScoreView, type DynamicsRunRecord, type FitTimeView, type LabRunRecord, type LabSettings, type ProbeScores,
} from '../../../src/shared/protocol';

const PYTHON = '/usr/bin/python3';
const run = promisify(execFile);

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

describe('Copy as Python for the Alignment, LLC/influence and Dynamics lab panels', function () {
  this.timeout(120_000);
  let tmp: string;

  before(async function () {
    const numpy = await run(PYTHON, ['-c', 'import numpy']).then(() => true, () => false);
    if (!numpy) this.skip();
    tmp = await mkdtemp(join(tmpdir(), 'saescope-copy-python-labs-'));
  });
  after(() => tmp && rm(tmp, { recursive: true, force: true }));

  /** Runs a snippet from a file, then `report` (Python printing one JSON line built from the snippet's variables). */
  async function runSnippet(snippet: string, report: string, name: string): Promise<unknown> {
    const file = join(tmp, `${name}.py`);
    await writeFile(file, `${snippet}\nimport json\nprint("REPORT " + json.dumps(${report}, default=lambda v: v.tolist()))\n`);
    const { stdout } = await run(PYTHON, [file], { maxBuffer: 64 << 20 });
    const line = stdout.split('\n').find((l) => l.startsWith('REPORT '));
    assert.ok(line, `no report in:\n${stdout}`);
    return JSON.parse(line.slice('REPORT '.length));
  }

  it('the panels\' copyPython messages carry the run record and are validated on arrival', () => {
    const align = { kind: 'copyPython', record: alignRecord('/w/a.npy', '/w/b.npy', 0, 10) };
    assert.deepEqual(parseFromAlignView(JSON.parse(JSON.stringify(align))), align);
    assert.throws(() => parseFromAlignView({ kind: 'copyPython', record: { ...align.record, kind: 'lab' } }), /kind/);
    const dynamics = { kind: 'copyPython', record: influenceRecord() };
    assert.deepEqual(parseFromDynamicsView(JSON.parse(JSON.stringify(dynamics))), dynamics);
    const { id, settings, outcome } = widthRecord([4, 8], [0.5, 0.25]);
    const lab = { kind: 'copyPython', id, settings, outcome };
    assert.deepEqual(parseFromLabView(JSON.parse(JSON.stringify(lab))), lab);
    assert.throws(() => parseFromLabView({ ...lab, outcome: { mode: 'nope' } }), /mode/);
  });

  it('Alignment: folds, dead units, semi-matching, exact soft-matching and RidgeCV equal the engine\'s (p ≠ q, sparse codes)', async () => {
    const rng = new Rng(7);
    const rows = 150, start = 10, p = 6, q = 8, codes = 12;
    const latent = Array.from({ length: (start + rows) * 3 }, () => rng.normal());
    const mix = (units: number, salt: number) => Float32Array.from({ length: (start + rows) * units }, (_, i) => {
      const r = Math.floor(i / units), u = i % units;
      return latent[r * 3 + (u % 3)] * (1 + 0.3 * Math.sin(u + salt)) + 0.5 * rng.normal();
    });
    const a = mix(p, 0), b = mix(q, 1);
    // Sparse codes of A: ReLU of shifted units, with one latent that never fires (removed as dead).
    const c = Float32Array.from({ length: (start + rows) * codes }, (_, i) => {
      const r = Math.floor(i / codes), u = i % codes;
      return u === 5 ? 0 : Math.max(0, a[r * p + (u % p)] * (u < p ? 1 : -1) - 0.4);
    });
    const files = { a: join(tmp, 'a.npy'), b: join(tmp, 'b.npy'), c: join(tmp, 'codes.npy') };
    await writeNpy(files.a, { dtype: 'F32', shape: [start + rows, p], data: a });
    await writeNpy(files.b, { dtype: 'F32', shape: [start + rows, q], data: b });
    await writeNpy(files.c, { dtype: 'F32', shape: [start + rows, codes], data: c });
    const held = (data: Float32Array, units: number) => ({ data: data.subarray(start * units, (start + rows) * units), rows, units });
    const snippet = alignSnippet(alignRecord(files.a, files.b, start, rows));
    assert.match(snippet, /^A = np\.load\(".*a\.npy", mmap_mode="r"\)\[10:160\]$/m);
    const py = await runSnippet(snippet.replace(/^CODES_A = None.*$/m, `CODES_A = np.load(${JSON.stringify(files.c)})[${start}:${start + rows}]`),
      '{name: alignment_scores(*pair) for name, pair in (("nn", (A, B)), ("saen", (CODES_A, B)), ("ba", (B, CODES_A)))}',
      'align') as Record<string, Record<string, { mean: number; sem: number; folds: number[]; per_unit: number[] }> & { alphas: number[]; source_units: number; target_units: number; target_unit: number[] }>;
    const cases = { nn: [held(a, p), held(b, q)], saen: [held(c, codes), held(b, q)], ba: [held(b, q), held(c, codes)] } as const;
    for (const [name, [x, y]] of Object.entries(cases)) {
      const engine = await alignmentScores(x, y, { folds: 5, seed: 42, perUnit: true });
      const got = py[name];
      assert.equal(got.source_units, engine.semi!.sourceUnits, `${name} source units`);
      assert.equal(got.target_units, engine.semi!.targetUnits, `${name} target units`);
      assert.deepEqual(got.target_unit, engine.semi!.perUnit!.unit, `${name} live target units`);
      for (const metric of ['semi', 'soft', 'ridge'] as const) {
        const e = engine[metric]!;
        near(got[metric].mean, e.mean, 1e-9, `${name} ${metric} mean`);
        near(got[metric].sem, e.sem, 1e-8, `${name} ${metric} SEM`);
        e.folds.forEach((f, k) => near(got[metric].folds[k], f, 1e-9, `${name} ${metric} fold ${k}`));
        e.perUnit!.score.forEach((s, j) => near(got[metric].per_unit[j], s, 1e-8, `${name} ${metric} unit ${j}`));
      }
      assert.deepEqual(got.alphas, engine.ridge!.alphas, `${name} ridge α per fold`);
    }
    assert.equal(py.saen.source_units, codes - 1, 'the latent that never fires is dead');
  });

  it('Dynamics lab: the pure power law, the floored fit (NumPy Levenberg–Marquardt), local slopes and the width exponent', async () => {
    const t = Array.from({ length: 4000 }, (_, i) => i + 1);
    const loss = t.map((s) => (2 * s ** -0.45 + 0.03) * (1 + 0.02 * Math.sin(s / 7)));
    const engine = fitLossVsTime(t, loss, { floorWindow: { from: 5 } });
    const binned = logBinned(t, loss, 25);
    const settings: LabSettings = { mode: 'fitTime', source: join(tmp, 'curve.npy'), metric: 'loss', from: null, to: null, floorFrom: 5, floorTo: null, perDecade: 25, steps: null, seed: 0 };
    await writeNpy(settings.source, { dtype: 'F64', shape: [t.length, 2], data: Float64Array.from(t.flatMap((s, i) => [s, loss[i]])) });
    const floor = engine.powerLawWithFloor!;
    const fit: FitTimeView = {
      source: settings.source, time: 'training steps', points: t.length, perDecade: 25, curve: { t: binned.x, loss: binned.y },
      powerLaw: { ...engine.powerLaw }, powerLawWithFloor: { ...floor },
      localSlopes: engine.localSlopes.map((s) => ({ t: s.x, alpha: s.alpha })), preset: null, betaGrowth: null,
    };
    const snippet = labSnippet({ id: 'fit', settings, outcome: { mode: 'fitTime', cancelled: false, fit } });
    assert.match(snippet, /^CURVE_FILE = ".*curve\.npy"/m);
    // The curve file binned again gives the panel's points.
    const again = await runSnippet(snippet, '[T, L]', 'rebinned') as number[][];
    binned.x.forEach((x, i) => near(again[0][i], x, 1e-12, `binned t ${i}`));
    binned.y.forEach((y, i) => near(again[1][i], y, 1e-12, `binned L ${i}`));
    // The fits on the panel's curve. The floored fit's stopping point moves by ~1e-4 in α under 1e-15 changes of the
    // points (the cost is flat along the valley, σ_α ≈ 2e-3), so it is compared on exactly the panel's points.
    const onPanelCurve = snippet.replace(/^CURVE_FILE = .*$/m, 'CURVE_FILE = None').replace('if use_scipy and curve_fit', 'if False and curve_fit');
    const report = '{"pure": pure, "floor": {k: v for k, v in floor.items() if k != "at_bound"}, "slopes": slopes, "points": len(T)}';
    const py = await runSnippet(onPanelCurve, report, 'fit') as { pure: Record<string, number>; floor: Record<string, number>; slopes: number[]; points: number };
    assert.equal(py.points, engine.binnedPoints);
    near(py.pure.alpha, engine.powerLaw.alpha, 1e-10, 'α');
    near(py.pure.alpha_se, engine.powerLaw.alphaStdError, 1e-8, 'σ_α');
    near(py.pure.r2, engine.powerLaw.rSquared, 1e-10, 'R²');
    near(py.floor.alpha, floor.alpha, 1e-6, 'floored α');
    near(py.floor.c, floor.c, 1e-6, 'c');
    near(py.floor.l0, floor.l0, 1e-6, 'L0');
    near(py.floor.alpha_se, floor.alphaStdError, 1e-4, 'floored σ_α');
    near(py.floor.l0_se, floor.l0StdError, 1e-4, 'σ_L0');
    assert.ok(Math.abs(floor.alpha - 0.45) < 0.05 && Math.abs(floor.l0 - 0.03) < 0.01, `the floored fit finds the curve's law: ${floor.alpha}, ${floor.l0}`);
    engine.localSlopes.forEach((s, i) => near(py.slopes[i], s.alpha, 1e-10, `local slope ${i}`));

    const m = [4, 8, 16, 32], widthLoss = [0.3, 0.16, 0.07, 0.036];
    const width = await runSnippet(labSnippet(widthRecord(m, widthLoss)), 'fit', 'width') as Record<string, number>;
    const ols = fitPowerLaw(m, widthLoss);
    near(width.alpha, ols.alpha, 1e-12, 'α_m');
    near(width.alpha_se, ols.alphaStdError, 1e-10, 'σ of α_m');
  });

  it('Dynamics lab: the probes\' AUC and accuracy per fold (logistic by Newton, mean difference), raw and normalised', async () => {
    const rng = new Rng(3);
    const rows = 120, d = 6;
    const labels = Uint8Array.from({ length: rows }, (_, i) => (i % 3 === 0 || i % 7 === 0 ? 1 : 0));
    const x = Float64Array.from({ length: rows * d }, (_, i) => rng.normal() + (labels[Math.floor(i / d)] ? 0.6 * Math.cos(i % d) : 0) + (i % d === 2 ? 3 : 0));
    const files = { x: join(tmp, 'acts.npy'), y: join(tmp, 'labels.npy') };
    await writeNpy(files.x, { dtype: 'F64', shape: [rows, d], data: x });
    await writeNpy(files.y, { dtype: 'F64', shape: [rows], data: Float64Array.from(labels) });
    const settings: LabSettings = { mode: 'probe', source: files.x, labels: files.y, layer: null, folds: 3, normalisation: 'layernorm', steps: null, seed: 0 };
    const empty = { auc: { mean: 0, std: 0 }, accuracy: { mean: 0, std: 0 } };
    const scores: ProbeScores = { rows, d, positives: 0, folds: 3, raw: { logistic: empty, meanDifference: empty }, normalised: { logistic: empty, meanDifference: empty }, normalisation: 'layernorm' };
    const snippet = labSnippet({ id: 'probe', settings, outcome: { mode: 'probe', cancelled: false, probe: { kind: 'file', activations: files.x, layer: null, labels: files.y, ...scores } } });
    const py = await runSnippet(snippet, '[cross_validated_probes(X, Y, 3), cross_validated_probes(normalise_rows(X, "layernorm"), Y, 3)]', 'probe') as Record<string, [number, number]>[];
    [x, normaliseRows(x, d, 'layernorm')].forEach((features, v) => {
      const engine = crossValidatedProbe(features, labels, d, 3);
      const which = v === 0 ? 'raw' : 'normalised';
      near(py[v].logistic_auc[0], engine.logistic.auc.mean, 1e-9, `${which} logistic AUC`);
      near(py[v].logistic_auc[1], engine.logistic.auc.std, 1e-8, `${which} logistic AUC std`);
      near(py[v].logistic_accuracy[0], engine.logistic.accuracy.mean, 1e-12, `${which} logistic accuracy`);
      near(py[v].mean_difference_auc[0], engine.meanDifference.auc.mean, 1e-12, `${which} mean-difference AUC`);
      near(py[v].mean_difference_accuracy[0], engine.meanDifference.accuracy.mean, 1e-12, `${which} mean-difference accuracy`);
    });
  });

  it('Influence: the BIF covariance and correlation of given loss traces equal the engine\'s, stacked and chain-averaged', async () => {
    const rng = new Rng(11);
    const chains = 3, draws = 40, samples = 4;
    const data = Float64Array.from({ length: chains * draws * samples }, (_, i) => (i % samples === 3 ? 0.25 : rng.normal() + 0.5 * Math.sin(i)));
    const traces = Array.from({ length: chains }, (_, c) => Array.from({ length: draws }, (_, t) => Array.from(data.subarray((c * draws + t) * samples, (c * draws + t + 1) * samples))));
    const py = await runSnippet(dynamicsSnippet(influenceRecord()),
      `[{k: np.where(np.isnan(v), None, v).tolist() for k, v in bayesian_influence(${JSON.stringify(traces)}, r).items()} for r in ("stack", "mean")]`, 'bif') as Record<string, (number | null)[][]>[];
    (['stack', 'mean'] as const).forEach((reduction, r) => {
      const engine = bayesianInfluence({ chains, draws, samples, data }, reduction);
      for (let i = 0; i < samples; i++) {
        for (let j = 0; j < samples; j++) {
          near(py[r].covariance[i][j]!, engine.covariance[i * samples + j], 1e-12, `${reduction} Cov(${i}, ${j})`);
          near(py[r].bif[i][j]!, engine.influence[i * samples + j], 1e-12, `${reduction} BIF(${i}, ${j})`);
          const corr = engine.correlation[i * samples + j];
          if (Number.isNaN(corr)) assert.equal(py[r].correlation[i][j], null, `${reduction} corr(${i}, ${j}) of a constant trace`);
          else near(py[r].correlation[i][j]!, corr, 1e-12, `${reduction} corr(${i}, ${j})`);
        }
      }
    });
  });

  it('LLC: the PyTorch SGLD estimator gives λ̂ within 10 % of d/2 on linear regression (the spec\'s target 1)', async function () {
    const torch = await run(PYTHON, ['-c', 'import torch']).then(() => true, () => false);
    if (!torch) this.skip();
    const snippet = dynamicsSnippet(llcRecord(5, 1000));
    assert.match(snippet, /^X = rng\.standard_normal\(\(ROWS, D\)\)$/m);
    const py = await runSnippet(snippet, '{"llc": float(per_chain.mean()), "chains": per_chain.tolist(), "init": init_loss}', 'llc') as { llc: number; chains: number[]; init: number };
    assert.equal(py.chains.length, 4);
    assert.ok(Math.abs(py.llc - 2.5) <= 0.25, `λ̂ = ${py.llc} (chains ${py.chains.join(', ')}), d/2 = 2.5`);
    assert.ok(Math.abs(py.init - 0.25) < 0.1, `L(w*) ≈ noise² = 0.25: ${py.init}`);
  });
});

const score = (mean: number): AlignScoreView => ({ mean, sem: 0.01, folds: [mean, mean, mean, mean, mean], sourceUnits: 4, targetUnits: 4, alphas: null, perUnit: null });

function alignRecord(a: string, b: string, heldOutStart: number, evaluated: number): AlignRunRecord {
  const row = (comparison: AlignRunRecord['outcome']['directions'][number]['table'][number]['comparison']) => ({ comparison, source: 's', target: 't', semi: score(0.5), soft: score(0.4), ridge: score(0.6) });
  const side = { label: 'a', kind: 'activations' as const, units: 6, sae: { origin: 'trained' as const, width: 24, k: 3, steps: 9, heldOut: { msePerElement: 0.01, explainedVariance: 0.9, l0: 3, deadLatents: 1 } }, recovery: null };
  const change = { difference: 0, relative: 0 };
  return {
    kind: 'align', id: 'align-fixture', startedAt: '2026-01-02T03:04:05.000Z', seconds: 1,
    settings: { a, b, saeA: null, saeB: null, data: null, width: null, k: 3, lr: 1e-3, batch: 64, saeSteps: null, evalRows: evaluated, folds: 5, seed: 0, bothDirections: false },
    outcome: {
      rows: { saeTraining: heldOutStart, heldOutStart, evaluated, available: heldOutStart + evaluated },
      a: side, b: { ...side, label: 'b', units: 8 },
      directions: [{ direction: 'A→B', table: (['N→N', 'SAE→N', 'SAE→SAE', 'RandSAE→SAE'] as const).map(row), change: { semi: change, soft: change, ridge: change } }],
      protocol: { folds: 5, cvSeed: 42, alphas: [1], formulas: { semi: '', soft: '', ridge: '' } },
    },
  };
}

function widthRecord(m: number[], loss: number[]): LabRunRecord {
  const widths = m.map((w, i) => ({ m: w, loss: loss[i], fractionRepresented: 1, meanSquaredOverlap: null, overlapTimesM: null, meanRowNorm: 1, unrepresentedLoss: 0 }));
  return {
    kind: 'lab', id: 'width', startedAt: '2026-01-02T03:04:05.000Z', seconds: 1,
    settings: { mode: 'width', regime: 'strong', alpha: 1, widths: m, features: 64, steps: null, seed: 0 },
    outcome: { mode: 'width', cancelled: false, scaling: { regime: 'strong', weightDecay: -1, alpha: 1, features: 64, steps: 10, batch: 8, seed: 0, widths, exponent: null, theory: '' } },
  };
}

function influenceRecord(): DynamicsRunRecord {
  return {
    kind: 'influence', id: 'influence-fixture', startedAt: '2026-01-02T03:04:05.000Z', seconds: 1,
    settings: { run: '/r', pairs: ['dog:cat'], draws: 40, every: null, seed: 0 },
    outcome: {
      cancelled: false,
      trajectories: {
        run: '/r', preset: 'dln', samples: ['dog', 'cat', 'oak', 'rose'],
        sampler: { epsilon: 1e-4, localization: 1000, nbeta: 100, chains: 3, draws: 40, burnIn: 10, seed: 0, reduction: 'stack' },
        checkpoints: [{ step: 50, divergedChains: [] }, { step: 100, divergedChains: [] }],
        pairs: [{
          pair: 'dog:cat', source: 'dog', target: 'cat', steps: [50, 100], correlation: [0.2, null], bif: [-0.1, null], proxyCorrelation: null, proxyAgreement: null,
          marks: { signs: ['helpful', 'neutral'], flips: [], peaks: [], harmfulOnset: null }, stageOverlay: [],
        }],
        stages: { source: 'loss-drop', boundaries: [] },
        curve: { key: 'loss', steps: [50, 100], values: [1, 0.5] },
      },
    },
  };
}

function llcRecord(d: number, rows: number): DynamicsRunRecord {
  const trace = { draws: [0], perChain: [[1]], mean: [1], std: [0] };
  return {
    kind: 'llc', id: 'llc-fixture', startedAt: '2026-01-02T03:04:05.000Z', seconds: 1,
    settings: { mode: 'family', model: 'linear', x: null, y: null, draws: null, seed: 0 },
    outcome: {
      mode: 'family', cancelled: false,
      family: {
        model: 'linear',
        data: { source: 'synthetic (seed 0)', rows, inputDim: d, outputDim: 1 },
        fit: { method: 'least squares (Householder QR)', loss: 0.25 },
        theory: { lambda: d / 2, assumption: 'regular model: λ = d/2', quadratic: null },
        estimate: {
          llc: { mean: 2.5, std: 0.1, perChain: [2.5] }, initLoss: 0.25, fullLoss: 0.25, rows, parameterCount: d,
          // The spec's target 1 settings (as test/unit/diagnostics/slt/llcTargets.test.ts): ε 1e-4, γ 1, nβ = n/ln n,
          // 4 chains × 2000 draws after 500, full batch (with minibatches L(w*) is itself a minibatch mean, whose noise × nβ shifts λ̂).
          sampler: { epsilon: 1e-4, localization: 1, nbeta: rows / Math.log(rows), chains: 4, draws: 2000, burnIn: 500, batch: rows, seed: 0 },
          health: { trace, flattened: true, lastQuarters: { third: 1, fourth: 1, change: 0 }, negativeShare: 0, fullBatch: false, divergences: [], warnings: [] },
        },
      },
    },
  };
}

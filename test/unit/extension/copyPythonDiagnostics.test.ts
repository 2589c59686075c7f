import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hedgingDegree, hedgingOptimum, pairFiring } from '../../../src/engine/diagnostics/hedging';
import { decoderPairwiseCosine, decoderProjection, evaluateAtL0, recommendL0 } from '../../../src/engine/diagnostics/l0';
import { writeNpy } from '../../../src/engine/io/npy';
import type { SaeArchitecture, SaeBundle } from '../../../src/engine/sae/bundle';
import { loadSae, saveSaeLensFolder } from '../../../src/engine/sae/formats';
import { deadCount } from '../../../src/engine/sae/metrics';
import { hedgingSnippet } from '../../../src/extension/copyPython/hedgingSnippet';
import { l0Snippet } from '../../../src/extension/copyPython/l0Snippet';
import { parseFromHedgingView, parseFromL0View, type BalanceSweepView, type HedgingDegreeOutcome, type L0SweepRow, type SingleLatentToy } from '../../../src/shared/protocol';

const PYTHON = '/usr/bin/python3';
const run = promisify(execFile);

/** Runs a snippet, then `report` (Python printing one JSON line built from the snippet's variables). */
async function runSnippet(snippet: string, report: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(PYTHON, ['-c', `${snippet}\nimport json\nprint("REPORT " + json.dumps(${report}))`], { maxBuffer: 64 << 20 });
  const line = stdout.split('\n').find((l) => l.startsWith('REPORT '));
  assert.ok(line, `no report in:\n${stdout}`);
  return JSON.parse(line.slice('REPORT '.length)) as Record<string, unknown>;
}

const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);

const settings = (data: string, arch: 'batchtopk' | 'topk' | 'jumprelu' = 'batchtopk') =>
  ({ data, arch, width: null, l0s: null, coefficients: null, steps: 100, batch: 64, lr: 1e-3, seed: 0, evalRows: 256 });

function sweepRow(index: number, k: number, cDec: number, mmcs: number | null): L0SweepRow {
  return {
    index, k, coefficient: null, l0: k, cDec, projections: [{ n: 2, value: 0.5 }, { n: 3, value: 0.25 }], mse: 1 / k, explainedVariance: 0.9,
    explainedVarianceUncentred: 0.95, deadLatents: 0, mmcs, groundTruthMse: null, groundTruthExplainedVarianceUncentred: null, heatmap: null,
  };
}

describe('Copy as Python for the L0 and Hedging panels: the snippets', () => {
  it('L0: the panel\'s rows, the rule, the metrics and the data file; NaN and λ_s settings spelled for Python', () => {
    const rows = [sweepRow(0, 5, 0.2, 0.9), sweepRow(1, 11, Number.NaN, 0.95)];
    const text = l0Snippet({ id: 's1', settings: settings('/w/acts.npy'), width: 32, trueL0: 10.95, rows, recommended: { index: 0, l0: 5, rule: 'minimum', description: '' } });
    assert.match(text, /^ROWS = \[$/m);
    assert.match(text, /\{"setting": 5, "l0": 5, "c_dec": 0\.2, "s_dec": \{2: 0\.5, 3: 0\.25\}/);
    assert.match(text, /"c_dec": float\("nan"\)/);
    assert.match(text, /^GROUND_TRUTH_KNOWN = True/m);
    assert.match(text, /^PANEL_RECOMMENDED_L0 = 5$/m);
    assert.match(text, /^NS = \[2, 3\]/m);
    assert.match(text, /^X = np\.load\("\/w\/acts\.npy", mmap_mode="r"\)\[:256\]$/m);
    assert.match(text, /^def c_dec\(W_dec, block=1024\):$/m);
    assert.match(text, /^def recommend\(l0s, c_decs, ground_truth_known\):$/m);
    assert.doesNotMatch(text, /safetensors\.numpy|scipy|torch/);

    const jumprelu = l0Snippet({
      id: 's2', settings: { ...settings('toy:large', 'jumprelu'), coefficients: [0.1] }, width: null, trueL0: null,
      rows: [{ ...sweepRow(0, 0, 0.1, null), k: null, coefficient: 0.1, l0: 7.5 }], recommended: null,
    });
    assert.match(jumprelu, /"setting": 0\.1, "l0": 7\.5/);
    assert.match(jumprelu, /^GROUND_TRUTH_KNOWN = False/m);
    assert.match(jumprelu, /^PANEL_RECOMMENDED_L0 = None$/m);
    assert.match(jumprelu, /^X = None {2}# e\.g\./m);
    const named = l0Snippet({ id: 's3', settings: settings('/w/acts.safetensors#resid'), width: null, trueL0: null, rows: [], recommended: null });
    assert.match(named, /^tensors = read_safetensors\("\/w\/acts\.safetensors"\)\nX = tensors\["resid"\]\[:256\]$/m);
  });

  it('the panels\' copyPython messages are validated on arrival at the host', () => {
    const l0 = { kind: 'copyPython', id: 's1', settings: settings('toy:large'), width: 32, trueL0: null, rows: [sweepRow(0, 5, 0.2, null)], recommended: null };
    assert.deepEqual(parseFromL0View(JSON.parse(JSON.stringify(l0))), l0);
    assert.throws(() => parseFromL0View({ ...l0, rows: [{ ...sweepRow(0, 5, 0.2, null), cDec: 'x' }] }), /cDec/);
    const hedging = { kind: 'copyPython', outcome: { mode: 'sae', cancelled: false, degree: degreeOutcome() } };
    assert.deepEqual(parseFromHedgingView(JSON.parse(JSON.stringify(hedging))), hedging);
    assert.throws(() => parseFromHedgingView({ kind: 'copyPython', outcome: { mode: 'nope' } }), /mode/);
  });

  it('Hedging: each mode writes its own code with the panel\'s numbers', () => {
    const toys = hedgingSnippet({ mode: 'toys', cancelled: false, toys: [toy('toy:hedging-hierarchical', 0.1, 0.15, 0.98, 0.2)] });
    assert.match(toys, /"toy": "toy:hedging-hierarchical", "p1": 0\.1, "p12": 0\.15/);
    assert.match(toys, /return 0\.5 \* np\.arctan2\(2 \* p12, p1\)/);
    const degree = hedgingSnippet({ mode: 'sae', cancelled: false, degree: degreeOutcome() });
    assert.match(degree, /^PANEL = \{"p": 0\.3, "b": 0\.1, "b_std": 0\.01, "h": 0\.2222222222222222, "rank": 4\}$/m);
    assert.match(degree, /^WIDTH, BASELINES, SEED = 6, 20, 3/m);
    assert.match(degree, /^CONTROL = None/m);
    const gamma = hedgingSnippet({ mode: 'gamma', cancelled: false, sweep: balanceSweep() });
    assert.match(gamma, /^PANEL_BALANCE = 0\.5$/m);
    assert.match(gamma, /"gamma": None, "label": "detached"/);
  });
});

describe('Copy as Python for the L0 and Hedging panels: NumPy gives the engine’s numbers', function () {
  this.timeout(120_000);
  let tmp: string;
  const dIn = 8;
  const dSae = 24;
  const rows = 256;
  const batch = 64;
  const X = Float32Array.from({ length: rows * dIn }, (_, i) => Math.sin(i * 0.731) * (1 + (i % dIn) / 4) + 0.3 * Math.cos(i * 0.173));

  before(async function () {
    const numpy = await run(PYTHON, ['-c', 'import numpy']).then(() => true, () => false);
    if (!numpy) this.skip();
    tmp = await mkdtemp(join(tmpdir(), 'saescope-copy-python-l0-'));
  });
  after(() => tmp && rm(tmp, { recursive: true, force: true }));

  function bundle(architecture: SaeArchitecture, k: number | undefined, seed: number): SaeBundle {
    const W_dec = Float32Array.from({ length: dSae * dIn }, (_, i) => Math.sin(i * 1.618 + seed + Math.cos(i * 0.37)));
    W_dec.fill(0, 4 * dIn, 5 * dIn); // a latent without a direction
    const W_enc = new Float32Array(dIn * dSae);
    for (let i = 0; i < dSae; i++) for (let d = 0; d < dIn; d++) W_enc[d * dSae + i] = W_dec[i * dIn + d] + 0.1 * Math.sin(i + 3 * d);
    return {
      cfg: { architecture, d_in: dIn, d_sae: dSae, dtype: 'float32', apply_b_dec_to_input: true, normalize_activations: 'none', metadata: {}, extra: {},
        ...(k === undefined ? {} : { k, rescale_acts_by_decoder_norm: false }) },
      W_enc,
      b_enc: Float32Array.from({ length: dSae }, (_, i) => -0.2 + 0.01 * i),
      W_dec,
      b_dec: Float32Array.from({ length: dIn }, (_, d) => 0.1 * d - 0.3),
      extras: architecture === 'jumprelu'
        ? { threshold: { shape: [dSae], data: Float32Array.from({ length: dSae }, (_, i) => 0.3 + 0.05 * (i % 5)) } }
        : architecture === 'batchtopk' ? { topk_threshold: { shape: [], data: Float32Array.of(0.5) } } : {},
      source: { format: 'saelens', path: '' },
    };
  }

  it('L0: c_dec, s_n^dec, L0, MSE, EV, FVE and dead latents of BatchTopK, TopK and JumpReLU SAEs on disk', async () => {
    const data = join(tmp, 'acts.npy');
    await writeNpy(data, { dtype: 'F32', shape: [rows, dIn], data: X });
    const saes = { batchtopk: bundle('batchtopk', 2.5, 0), topk: bundle('topk', 3, 1), jumprelu: bundle('jumprelu', undefined, 2) };
    const folders: Record<string, string> = {};
    for (const [name, sae] of Object.entries(saes)) {
      folders[name] = join(tmp, name);
      await saveSaeLensFolder(folders[name], sae, { inference: false });
    }
    const ns = [2, 3, 12];
    const snippet = l0Snippet({ id: 'fixture', settings: settings(data), width: dSae, trueL0: null, rows: [sweepRow(0, 3, 0.2, null)], recommended: null })
      .replace('SAES = {}', `SAES = ${JSON.stringify(folders)}`)
      .replace(/^NS = .*$/m, `NS = ${JSON.stringify(ns)}`);
    const py = await runSnippet(snippet, '{m["setting"]: m for m in table}');
    for (const name of Object.keys(saes)) {
      const sae = await loadSae(folders[name]);
      assert.equal(sae.cfg.architecture, name);
      const stats = await evaluateAtL0(sae, X, rows, batch);
      const projections = await decoderProjection({ W_dec: sae.W_dec, b_dec: sae.b_dec, dSae, dIn }, X, rows, ns);
      const m = py[name] as { l0: number; mse: number; ev: number; fve: number; dead: number; c_dec: number; s_dec: Record<string, number> };
      near(m.c_dec, await decoderPairwiseCosine(sae.W_dec, dSae, dIn), 1e-6, `${name} c_dec`);
      ns.forEach((n, i) => near(m.s_dec[n], projections[i], 1e-5, `${name} s_${n}^dec`));
      near(m.l0, stats.l0, 1e-12, `${name} L0`);
      near(m.mse, stats.mse, 1e-5, `${name} MSE`);
      near(m.ev, stats.explainedVariance, 1e-5, `${name} EV`);
      near(m.fve, stats.explainedVarianceUncentred, 1e-5, `${name} FVE`);
      assert.equal(m.dead, deadCount(stats.fireCounts), `${name} dead latents`);
    }
    // BatchTopK keeps ⌊k·B⌋ activations of each batch, TopK k of each row: their L0 is exactly k.
    assert.equal((py.batchtopk as { l0: number }).l0, 2.5);
    assert.equal((py.topk as { l0: number }).l0, 3);
  });

  it('L0: the recommendation rule picks what the engine picks (minimum with ground truth, elbow without, ties, NaN)', async () => {
    const curves: { l0: number; cDec: number }[][] = [
      [5, 7, 9, 10, 11, 12, 13, 14, 15, 16, 18].map((l0) => ({ l0, cDec: 0.02 + 0.4 * Math.exp(-l0 / 2) + 0.002 * Math.abs(l0 - 11) })),
      [16, 4, 8, 2, 32, 64].map((l0) => ({ l0, cDec: 1 / l0 + 0.001 * l0 })),
      [{ l0: 3, cDec: 0.1 }, { l0: 2, cDec: 0.1 }, { l0: 5, cDec: Number.NaN }, { l0: 8, cDec: 0.3 }],
      [{ l0: 1, cDec: 0.5 }, { l0: 2, cDec: 0.4 }, { l0: 3, cDec: 0.3 }, { l0: 4, cDec: 0.2 }],
      [{ l0: 2, cDec: 0.9 }, { l0: 4, cDec: 0.2 }, { l0: 8, cDec: 0.15 }, { l0: 16, cDec: 0.12 }, { l0: 32, cDec: 0.1 }],
    ];
    const snippet = l0Snippet({ id: 'r', settings: settings('toy:large'), width: null, trueL0: null, rows: [], recommended: null });
    const toPython = (c: { l0: number; cDec: number }[]) => `([${c.map((p) => p.l0).join(', ')}], [${c.map((p) => (Number.isNaN(p.cDec) ? 'float("nan")' : p.cDec)).join(', ')}])`;
    const py = await runSnippet(snippet, `[[recommend(l0s, cs, truth)[0] for truth in (True, False)] for l0s, cs in [${curves.map(toPython).join(', ')}]]`);
    curves.forEach((curve, i) => {
      const engine = [true, false].map((truth) => recommendL0(curve, truth)?.index ?? null);
      assert.deepEqual((py as unknown as (number | null)[][])[i], engine, `curve ${i}`);
    });
  });

  it('Hedging: θ* of each toy is the engine\'s closed form and the minimum of E[L](θ)', async () => {
    const cases = [pairFiring(0.25, 0.4, 0), pairFiring(0.3, 0.1, 0.2), pairFiring(0.5, 0.9, 0)];
    const toys = cases.map((f, i) => toy(`toy:${i}`, f.parentOnly, f.both, Math.cos(0.1 * i), Math.sin(0.1 * i)));
    const py = await runSnippet(hedgingSnippet({ mode: 'toys', cancelled: false, toys }),
      '[[float(theta_star(t["p1"], t["p12"])), float(grid[np.argmin(expected_loss(grid, t["p1"], t["p12"]))])] for t in TOYS]');
    (py as unknown as number[][]).forEach(([star, byGrid], i) => {
      const optimum = hedgingOptimum(cases[i].parentOnly, cases[i].both);
      near(star, optimum.theta, 1e-12, `θ* of case ${i}`);
      near(byGrid, optimum.theta, 1e-5, `grid minimum of case ${i}`);
    });
  });

  it('Hedging: p, b (the same random draws), h, the rank of the new rows and mean cosine are the engine\'s', async () => {
    const width = 6, dim = 10, added = 4;
    const row = (seed: number) => Array.from({ length: dim }, (_, k) => Math.sin(seed * 3.1 + k * 1.7) + 0.2 * Math.cos(seed + k));
    const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));
    const control = Array.from({ length: width }, (_, i) => unit(row(i)));
    const newRows = [row(10), row(11), row(12)];
    newRows.push(newRows[0].map((x) => 2 * x)); // collinear: the span has rank 3
    // The originals shed part of what the new rows took over.
    const extended = [...control.map((c, i) => unit(c.map((x, k) => x - 0.3 * (i % 2) * unit(newRows[1])[k]))), ...newRows.map(unit)];
    const engine = hedgingDegree({ control: control.flat(), extended: extended.flat(), width, dim, baselines: 20, seed: 3 });
    const py = await runSnippet(hedgingSnippet({ mode: 'sae', cancelled: false, degree: degreeOutcome() }),
      `{k: (v.tolist() if hasattr(v, "tolist") else v) for k, v in hedging_degree(np.array(${JSON.stringify(control)}), np.array(${JSON.stringify(extended)}), ${width}, 20, 3).items()}`);
    assert.equal(added, extended.length - width);
    assert.equal(py.rank, engine.rank);
    assert.equal(engine.rank, 3);
    near(py.p as number, engine.portion, 1e-10, 'p');
    near(py.mean_delta_norm as number, engine.deltaNorm, 1e-10, 'mean ‖Δ_i‖');
    near(py.mean_cosine as number, engine.meanCosine, 1e-10, 'mean cosine');
    (py.baseline_draws as number[]).forEach((draw, s) => near(draw, engine.baselineSamples[s], 1e-9, `baseline draw ${s}`));
    near(py.b as number, engine.baseline, 1e-9, 'b');
    near(py.b_std as number, engine.baselineStd, 1e-9, 'b std');
    near(py.h as number, engine.degree, 1e-9, 'h');
    assert.ok(engine.degree > 0, `a case with hedging: h = ${engine.degree}`);
  });

  it('Hedging: the γ sweep\'s mixing per run and its balance point', async () => {
    const py = await runSnippet(hedgingSnippet({ mode: 'gamma', cancelled: false, sweep: balanceSweep() }), '{"mixing": mixing_of, "balance": best["gamma"]}');
    assert.deepEqual(py, { mixing: { 'γ 0': 0.4, 'γ 0.5': 0.1, 'γ 1': 0.3, detached: 0.05 }, balance: 0.5 });
  });
});

function toy(name: string, parentOnly: number, both: number, decParent: number, decChild: number): SingleLatentToy {
  const analytic = hedgingOptimum(parentOnly, both);
  return {
    toy: name, steps: 10, batch: 500, lr: 3e-4, l1: 1e-3, initNoise: 0.25, seed: 0, cancelled: false,
    firing: { parentOnly, both, childOnly: 0, neither: 1 - parentOnly - both },
    analytic: { theta: analytic.theta, cosParent: analytic.cosParent, cosChild: analytic.cosChild },
    trained: { decoder: { parent: decParent, child: decChild }, encoder: { parent: 1, child: 0 }, bDec: { parent: 0, child: 0, norm: 0 } },
  };
}

function degreeOutcome(): HedgingDegreeOutcome {
  return {
    sae: '/w/sae', data: 'toy:large', width: 6, newLatents: 4, rank: 4, deltaNorm: 0.2, deltaProjection: 0.3, controlNorm: 1, portion: 0.3, baseline: 0.1,
    baselineStd: 0.01, baselines: 20, baselineSamples: [], degree: (0.3 - 0.1) / 0.9, meanCosine: 0.9, architecture: 'batchtopk', k: 4, l1: null, steps: 10,
    batch: 1024, lr: 3e-4, seed: 3, cancelled: false, newLatentsFiring: 4, control: null, extended: null, formula: '',
  };
}

/** Parents' child cosines chosen so each run's mixing is known: γ 0 absorbs (enc −0.4), γ 1 hedges (dec 0.3). */
function balanceSweep(): BalanceSweepView {
  const parent = (dec: number[], enc: number[]) => ({
    latent: 0, feature: 0, children: dec.map((_, j) => j + 1), decoder: { parent: 0.9, children: dec }, encoder: { parent: 0.9, children: enc },
    absorption: 0, hedging: 0, mixing: 0,
  });
  const run = (label: string, gamma: number | null, parents: ReturnType<typeof parent>[]) => ({ label, gamma, weights: [], parents, mixing: 0, cancelled: false });
  return {
    toy: 'toy:tree', steps: 10, batch: 512, lr: 3e-4, l1: 0.03, seed: 0, order: [], widths: [],
    runs: [
      run('γ 0', 0, [parent([0.05, -0.02], [-0.4, 0.1]), parent([0.01], [0.02])]),
      run('γ 0.5', 0.5, [parent([0.1, 0.02], [-0.05, 0.08])]),
      run('γ 1', 1, [parent([0.3, 0.1], [0.01, 0.0])]),
      run('detached', null, [parent([0.05], [0.01])]),
    ],
    balance: { gamma: 0.5, mixing: 0.1 },
  };
}

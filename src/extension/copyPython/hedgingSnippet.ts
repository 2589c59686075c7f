/**
 * "Copy as Python" on the Hedging panel: NumPy code for what the panel shows — the closed-form θ* of each
 * single-latent toy beside its trained θ; the hedging degree h from a control and an extended decoder (the new
 * latents' span, and the random baseline drawn with the engine's own generator, so b is the panel's); the γ sweep's
 * absorption, hedging and balance point from the parent latents' cosines.
 */
import type { BalanceSweepView, HedgingDegreeOutcome, HedgingOutcome, SingleLatentToy } from '../../shared/protocol';
import { decoderLoader, pyNumber, pyNumbers, pyString, safetensorsReader, unitRows } from './pythonSource';

/** The continued SAEs may be saved as safetensors or as params.npz: a loader for either. */
const ANY_WEIGHTS = ['sae_weights.safetensors', 'params.npz'];

export function hedgingSnippet(outcome: HedgingOutcome): string {
  const body = outcome.mode === 'toys' ? toysCode(outcome.toys) : outcome.mode === 'sae' ? degreeCode(outcome.degree) : gammaCode(outcome.sweep);
  return `${body.join('\n')}\n`;
}

function toysCode(toys: SingleLatentToy[]): string[] {
  const row = (t: SingleLatentToy) =>
    `    {"toy": ${pyString(t.toy)}, "p1": ${pyNumber(t.firing.parentOnly)}, "p12": ${pyNumber(t.firing.both)}, ` +
    `"decoder_cos": (${pyNumber(t.trained.decoder.parent)}, ${pyNumber(t.trained.decoder.child)}), "panel_theta_star": ${pyNumber(t.analytic.theta)}},`;
  return [
    '# Reproduces SAE Scope\'s single-latent hedging toys (Feature Hedging, Chanin, Dulka & Garriga-Alonso 2025, §4.1):',
    '# the MSE-optimal angle θ* of one tied, bias-free latent l = cos θ·f₀ + sin θ·f₁ between a parent f₀ and a child f₁,',
    '# beside the trained SAE\'s angle.',
    'import numpy as np',
    '',
    '# P₁ = P(parent only), P₁₂ = P(both); the trained decoder row\'s cosines with f₀ and f₁ (from the panel).',
    'TOYS = [',
    ...toys.map(row),
    ']',
    '',
    '',
    'def expected_loss(theta, p1, p12):',
    '    """E[L](θ) = P₁ sin²θ + P₁₂(1 − sin 2θ): a parent-only input leaves sin²θ, a parent-and-child input 1 − sin 2θ."""',
    '    return p1 * np.sin(theta) ** 2 + p12 * (1 - np.sin(2 * theta))',
    '',
    '',
    'def theta_star(p1, p12):',
    '    """θ* = ½·atan(2P₁₂/P₁), where dE/dθ = P₁ sin 2θ − 2P₁₂ cos 2θ vanishes."""',
    '    return 0.5 * np.arctan2(2 * p12, p1)',
    '',
    '',
    'grid = np.linspace(-np.pi / 4, np.pi / 2, 300001)  # a check of the closed form by brute force',
    'for t in TOYS:',
    '    star = theta_star(t["p1"], t["p12"])',
    '    by_grid = grid[np.argmin(expected_loss(grid, t["p1"], t["p12"]))]',
    '    trained = np.arctan2(t["decoder_cos"][1], t["decoder_cos"][0])  # the decoder\'s angle from the parent towards the child',
    '    print(f"{t[\'toy\']}: θ* = {np.degrees(star):.3f}° (grid minimum {np.degrees(by_grid):.3f}°, panel {np.degrees(t[\'panel_theta_star\']):.3f}°), "',
    '          f"cos θ* = {np.cos(star):.4f}, sin θ* = {np.sin(star):.4f}; trained θ = {np.degrees(trained):.3f}°")',
  ];
}

function degreeCode(d: HedgingDegreeOutcome | null): string[] {
  const width = d?.width ?? 0;
  const head = d
    ? [
        `# Reproduces SAE Scope's hedging degree of ${d.sae} on ${d.data} (Feature Hedging, Chanin, Dulka & Garriga-Alonso 2025, eq. 7):`,
        `# a control copy and a copy with ${d.newLatents} new latents were trained ${d.steps} more steps (${d.architecture}); their decoders give h.`,
      ]
    : ['# The hedging degree of Feature Hedging (Chanin, Dulka & Garriga-Alonso 2025, eq. 7), from two decoders.'];
  return [
    ...head,
    'import json',
    '',
    'import numpy as np',
    '',
    ...(d
      ? [
          `PANEL = {"p": ${pyNumber(d.portion)}, "b": ${pyNumber(d.baseline)}, "b_std": ${pyNumber(d.baselineStd)}, "h": ${pyNumber(d.degree)}, "rank": ${d.rank}}`,
          `WIDTH, BASELINES, SEED = ${width}, ${d.baselines}, ${d.seed}  # original latents w, random baseline draws, the run's seed`,
        ]
      : ['WIDTH, BASELINES, SEED = None, 50, 0']),
    '',
    '',
    'class EngineRng:',
    '    """SAE Scope\'s seeded generator (xoshiro128** seeded by splitmix32, Box–Muller normals), so the baseline draws are the panel\'s."""',
    '',
    '    M = 0xFFFFFFFF',
    '',
    '    def __init__(self, seed):',
    '        self.s, self.spare, z = [], None, seed & self.M',
    '        for _ in range(4):',
    '            z = (z + 0x9E3779B9) & self.M',
    '            t = ((z ^ (z >> 16)) * 0x85EBCA6B) & self.M',
    '            t = ((t ^ (t >> 13)) * 0xC2B2AE35) & self.M',
    '            self.s.append(t ^ (t >> 16))',
    '',
    '    @staticmethod',
    '    def rotl(x, k):',
    '        return ((x << k) | (x >> (32 - k))) & EngineRng.M',
    '',
    '    def uniform(self):',
    '        s = self.s',
    '        result = (self.rotl((s[1] * 5) & self.M, 7) * 9) & self.M',
    '        t = (s[1] << 9) & self.M',
    '        s[2] ^= s[0]',
    '        s[3] ^= s[1]',
    '        s[1] ^= s[2]',
    '        s[0] ^= s[3]',
    '        s[2] ^= t',
    '        s[3] = self.rotl(s[3], 11)',
    '        return result / 4294967296',
    '',
    '    def normal(self):',
    '        if self.spare is not None:',
    '            value, self.spare = self.spare, None',
    '            return value',
    '        u = 0.0',
    '        while u == 0.0:',
    '            u = self.uniform()',
    '        r, theta = np.sqrt(-2 * np.log(u)), 2 * np.pi * self.uniform()',
    '        self.spare = r * np.sin(theta)',
    '        return r * np.cos(theta)',
    '',
    '    def normals(self, *shape):',
    '        return np.array([self.normal() for _ in range(int(np.prod(shape)))]).reshape(shape)',
    '',
    '',
    'def orthonormal_basis(rows):',
    '    """A basis of span(rows) by Gram–Schmidt, twice per vector; a vector adds nothing unless what remains is longer than max(N, d)·2⁻²³ × the longest."""',
    '    tolerance = max(rows.shape) * 2.0 ** -23 * np.linalg.norm(rows, axis=1).max()',
    '    basis = []',
    '    for v in rows:',
    '        v = v.copy()',
    '        for _ in range(2):',
    '            for q in basis:',
    '                v -= (q @ v) * q',
    '        if np.linalg.norm(v) > tolerance and len(basis) < rows.shape[1]:',
    '            basis.append(v / np.linalg.norm(v))',
    '    return np.array(basis).reshape(len(basis), rows.shape[1])',
    '',
    '',
    ...unitRows(),
    '',
    '',
    'def hedging_degree(control, extended, width, baselines=50, seed=0):',
    '    """h = max(0, (p − b)/(1 − b)): p = mean_i ‖QQᵀΔ_i‖ / mean_i ‖W_dec^ctrl_i‖ with Δ = W_dec^ext[:w] − W_dec^ctrl (rows at unit norm),',
    '    Q a basis of the new latents\' rows W_dec^ext[w:]; b = the mean of p with those rows replaced by N(0, I) draws."""',
    '    control, extended = unit_rows(np.asarray(control, dtype=np.float64)), unit_rows(np.asarray(extended, dtype=np.float64))',
    '    delta = extended[:width] - control',
    '    control_norm = np.linalg.norm(control, axis=1).mean()',
    '    new_rows = extended[width:]',
    '    portion_for = lambda rows: np.linalg.norm(delta @ orthonormal_basis(rows).T, axis=1).mean() / control_norm',
    '    p = portion_for(new_rows)',
    '    rng = EngineRng(seed)',
    '    draws = np.array([portion_for(rng.normals(*new_rows.shape)) for _ in range(baselines)])',
    '    b = draws.mean()',
    '    return {"p": p, "b": b, "b_std": draws.std(ddof=1) if baselines > 1 else 0.0, "h": max(0.0, (p - b) / (1 - b)),',
    '            "rank": len(orthonormal_basis(new_rows)), "mean_delta_norm": np.linalg.norm(delta, axis=1).mean(),',
    '            "mean_cosine": np.mean(np.einsum("ij,ij->i", extended[:width], control)), "baseline_draws": draws}',
    '',
    '',
    ...safetensorsReader(),
    '',
    '',
    'load_file = read_safetensors  # NumPy alone; safetensors.numpy.load_file does the same',
    '',
    '',
    ...decoderLoader(ANY_WEIGHTS),
    '',
    '',
    ...(d ? ['print(f"the panel: h = max(0, (p − b)/(1 − b)) = max(0, ({PANEL[\'p\']:.4f} − {PANEL[\'b\']:.4f})/(1 − {PANEL[\'b\']:.4f})) = {max(0.0, (PANEL[\'p\'] - PANEL[\'b\']) / (1 - PANEL[\'b\'])):.4f}")'] : []),
    '# The two continued SAEs\' weights files (SAE Scope does not keep them; train a copy and a copy with N new latents',
    '# the same steps on the same data, e.g. with SAELens, new latents last). The baseline draws take a few seconds.',
    'CONTROL = None  # e.g. "control/sae_weights.safetensors"',
    'EXTENDED = None  # e.g. "extended/sae_weights.safetensors"',
    'if CONTROL and EXTENDED:',
    '    result = hedging_degree(load_decoder(CONTROL), load_decoder(EXTENDED), WIDTH, BASELINES, SEED)',
    '    print(f"h = {result[\'h\']:.4f} (p {result[\'p\']:.4f}, b {result[\'b\']:.4f} ± {result[\'b_std\']:.4f}, rank {result[\'rank\']})")',
  ];
}

function gammaCode(sweep: BalanceSweepView): string[] {
  const run = (r: BalanceSweepView['runs'][number]) =>
    `    {"gamma": ${r.gamma === null ? 'None' : pyNumber(r.gamma)}, "label": ${pyString(r.label)}, "parents": [` +
    r.parents.map((p) => `(${pyNumbers(p.decoder.children)}, ${pyNumbers(p.encoder.children)})`).join(', ') +
    ']},';
  return [
    `# Reproduces SAE Scope's balanced-Matryoshka γ sweep on ${sweep.toy} (Feature Hedging §4.4): for each parent latent,`,
    '# absorption = −min(0, min_j cos(W_enc[:,parent], f_child_j)), hedging = max(0, max_j cos(W_dec[parent,:], f_child_j)),',
    '# mixing = the largest |cosine| with a child; a run mixes as much as its worst parent; the balance point is the γ that mixes least.',
    'import numpy as np',
    '',
    '# Per run, per parent latent: (decoder cosines with its children, encoder cosines with its children), from the panel.',
    'RUNS = [',
    ...sweep.runs.map(run),
    ']',
    `PANEL_BALANCE = ${sweep.balance ? pyNumber(sweep.balance.gamma) : 'None'}`,
    '',
    'mixing_of = {}',
    'for r in RUNS:',
    '    parents = [(-min([0.0] + enc), max([0.0] + dec), max([0.0] + [abs(c) for c in dec + enc])) for dec, enc in r["parents"]]',
    '    mixing_of[r["label"]] = max(m for _, _, m in parents) if parents else float("nan")',
    '    print(r["label"], "absorption/hedging per parent:", [(round(a, 4), round(h, 4)) for a, h, _ in parents], "mixing", round(mixing_of[r["label"]], 4))',
    'gammas = [r for r in RUNS if r["gamma"] is not None]  # the detached run (β → ∞) is not a candidate',
    'if gammas:',
    '    best = min(gammas, key=lambda r: mixing_of[r["label"]])  # the first γ on ties',
    '    print(f"balance point γ = {best[\'gamma\']} (the panel: {PANEL_BALANCE})")',
  ];
}

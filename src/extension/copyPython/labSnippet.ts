/**
 * "Copy as Python" on the Dynamics lab panel: NumPy code for what the panel shows — the pure power law (OLS of ln L
 * on ln t) and the power law with a floor (scipy's curve_fit when installed, else the engine's bounded
 * Levenberg–Marquardt) on the log-binned curve, and the local slopes; the width sweep's exponent α_m; the probes'
 * stratified folds, logistic and mean-difference probes and their AUC on an activations file.
 */
import type { FitTimeView, LabRunRecord, LabSettings, ProbeView, WidthScalingView } from '../../shared/protocol';
import { pyNumber, pyNumbers, pyString } from './pythonSource';

type FitTimeSettings = Extract<LabSettings, { mode: 'fitTime' }>;
type ProbeSettings = Extract<LabSettings, { mode: 'probe' }>;

/** The run's id, settings and outcome (what the panel holds). */
export type LabSnippetInput = Pick<LabRunRecord, 'id' | 'settings' | 'outcome'>;

export function labSnippet(record: LabSnippetInput): string {
  const { settings, outcome } = record;
  const head = `# Reproduces SAE Scope's Dynamics lab run ${record.id}`;
  let body: string[];
  if (outcome.mode === 'fitTime' && settings.mode === 'fitTime') body = fitTimeCode(head, settings, outcome.fit);
  else if (outcome.mode === 'width') body = widthCode(head, outcome.scaling);
  else if (outcome.mode === 'probe' && settings.mode === 'probe') body = probeCode(head, settings, outcome.probe);
  else throw new Error(`lab run ${record.id}: its settings (${settings.mode}) do not match its outcome (${outcome.mode})`);
  return `${body.join('\n')}\n`;
}

const optional = (v: number | null) => (v === null ? 'None' : pyNumber(v));

/** OLS of ln y on ln x, as the engine's fitPowerLaw (also the width sweep's exponent). */
const POWER_LAW = String.raw`def power_law(x, y):
    """y = a·x^−α by OLS of ln y on ln x: α, its standard error √(RSS/(n − 2)/Σ(ln x − mean)²), a and R²."""
    lx, ly = np.log(np.asarray(x, dtype=np.float64)), np.log(np.asarray(y, dtype=np.float64))
    mx, my = lx.mean(), ly.mean()
    sxx, sxy, syy = ((lx - mx) ** 2).sum(), ((lx - mx) * (ly - my)).sum(), ((ly - my) ** 2).sum()
    slope = sxy / sxx
    rss = max(0.0, syy - slope * sxy)
    se = np.sqrt(rss / (len(lx) - 2) / sxx) if len(lx) > 2 else float("nan")
    return {"alpha": -slope, "alpha_se": se, "a": np.exp(my - slope * mx), "r2": 1 - rss / syy if syy > 0 else 1.0, "points": len(lx)}`;

const FIT_TIME_FUNCTIONS = String.raw`def log_binned(t, loss, per_decade):
    """Geometric means of t and L in bins of 1/per_decade decade centred on 10^(k/per_decade) (points with t > 0)."""
    t, loss = np.asarray(t, dtype=np.float64), np.asarray(loss, dtype=np.float64)
    keep = t > 0
    t, loss = t[keep], loss[keep]
    k = np.round(per_decade * np.log10(t)).astype(np.int64)
    keys = np.unique(k)
    return (np.array([np.exp(np.log(t[k == b]).mean()) for b in keys]), np.array([np.exp(np.log(loss[k == b]).mean()) for b in keys]))


def in_window(t, loss, lo, hi):
    keep = (t >= lo) & (t <= hi)
    return t[keep], loss[keep]


def bounded_levenberg_marquardt(residuals, jacobian, p0, lower, upper, max_iterations=2000, ftol=1e-15, xtol=1e-12):
    """min ½‖r(p)‖² within lower ≤ p ≤ upper: damped Gauss–Newton steps (JᵀJ + μ·diag(JᵀJ))δ = −Jᵀr over the parameters
    not held on a bound by their gradient, clipped into the box, kept only when the cost does not rise (else μ grows)."""
    p = np.clip(np.asarray(p0, dtype=np.float64), lower, upper)
    r = residuals(p)
    cost, mu = 0.5 * r @ r, 1e-3
    for _ in range(max_iterations):
        jac = jacobian(p)
        gradient, normal = jac.T @ r, jac.T @ jac
        free = [j for j in range(len(p)) if not ((p[j] <= lower[j] and gradient[j] > 0) or (p[j] >= upper[j] and gradient[j] < 0))]
        if not free or all(abs(gradient[j]) <= 1e-300 for j in free):
            break
        accepted = converged = False
        for _ in range(60):
            a = normal[np.ix_(free, free)].copy()
            a[np.diag_indices(len(free))] += mu * np.maximum(np.diag(a), 1e-300)
            values, vectors = np.linalg.eigh(a)  # the pseudo-inverse: tiny eigenvalues count as zero
            inverse = (vectors / np.where(values > 1e-30 * values.max(), values, np.inf)) @ vectors.T
            step = np.zeros_like(p)
            step[free] = inverse @ -gradient[free]
            nxt = np.clip(p + step, lower, upper)
            nr = residuals(nxt)
            ncost = 0.5 * nr @ nr
            if np.isfinite(ncost) and ncost <= cost:
                converged = cost - ncost <= ftol * cost or np.all(np.abs(nxt - p) <= xtol * (np.abs(p) + xtol))
                p, r, cost, mu, accepted = nxt, nr, ncost, max(mu / 3, 1e-12), True
                break
            mu *= 4
        if converged or not accepted:
            break
    return p, cost, r, jacobian(p)


def curve_fit_covariance(jac, r):
    """scipy curve_fit's covariance: (JᵀJ)⁺·RSS/(m − n), singular values below ε·max(m, n)·s_max dropped."""
    m, n = jac.shape
    if m <= n:
        return np.full((n, n), np.nan)
    values, vectors = np.linalg.eigh(jac.T @ jac)
    cutoff = (np.finfo(np.float64).eps * max(m, n)) ** 2 * values.max()
    inverse = (vectors / np.where(values > cutoff, values, np.inf)) @ vectors.T
    return inverse * (r @ r) / (m - n)


def power_law_with_floor(t, loss, use_scipy=True):
    """L = c·t^−α + L0 by least squares on ln L, bounds c, α ≥ 0, 0 ≤ L0 ≤ L_last; from (1, 0.33, L_last) and from the
    pure fit (L0 = 0 and L_last/2), the lowest cost wins. Standard errors as curve_fit's."""
    lt, ll, last = np.log(t), np.log(loss), loss[-1]
    lower, upper = np.array([0.0, 0.0, 0.0]), np.array([np.inf, np.inf, last])

    def residuals(p):
        return np.log(p[0] * np.exp(-p[1] * lt) + p[2]) - ll

    def jacobian(p):
        power = np.exp(-p[1] * lt)
        model = p[0] * power + p[2]
        return np.stack([power / model, -p[0] * power * lt / model, 1 / model], axis=1)

    pure = power_law(t, loss)
    starts = [(1.0, 0.33, last), (pure["a"], max(pure["alpha"], 0.0), 0.0), (pure["a"], max(pure["alpha"], 0.0), last / 2)]
    fits = []
    for p0 in starts:
        if use_scipy and curve_fit is not None:
            try:
                p, _ = curve_fit(lambda x, c, a, l0: np.log(c * np.exp(-a * x) + l0), lt, ll, p0=np.clip(p0, lower, np.nextafter(upper, 0)), bounds=(lower, upper), jac=lambda x, c, a, l0: jacobian([c, a, l0]))
                r = residuals(p)
                fits.append((p, 0.5 * r @ r, r, jacobian(p)))
                continue
            except (RuntimeError, ValueError):
                pass  # fall back to the engine's method for this start
        fits.append(bounded_levenberg_marquardt(residuals, jacobian, p0, lower, upper))
    p, cost, r, jac = min(fits, key=lambda f: f[1])
    se = np.sqrt(np.diag(curve_fit_covariance(jac, r)))
    names = ("c", "alpha", "l0")
    at_bound = [f"{names[j]} at its {'lower' if p[j] <= lower[j] else 'upper'} bound" for j in range(3) if p[j] <= lower[j] or p[j] >= upper[j]]
    return {"c": p[0], "alpha": p[1], "l0": p[2], "c_se": se[0], "alpha_se": se[1], "l0_se": se[2],
            "rms_log_residual": np.sqrt(2 * cost / len(lt)), "points": len(lt), "at_bound": at_bound}


def local_slopes(t, loss):
    """α_loc(t_i) = −(ln L_{i+1} − ln L_{i−1})/(ln t_{i+1} − ln t_{i−1}) over neighbouring binned points."""
    lt, ll = np.log(t), np.log(loss)
    return t[1:-1], -(ll[2:] - ll[:-2]) / (lt[2:] - lt[:-2])`;

function fitTimeCode(head: string, s: FitTimeSettings, fit: FitTimeView | null): string[] {
  // A curve file is read again only when t is the step count (dynamic time needs the schedule the panel used).
  const file = /\.npy$/i.test(s.source) && fit?.time === 'training steps' ? s.source : null;
  return [
    `${head}: loss against time on ${s.source} (dynamics-methods §0.4),`,
    '# on the curve averaged in log bins: the pure power law L = a·t^−α on its window, the power law with a floor',
    '# c·t^−α + L0 on its own, and the local slopes. Needs NumPy; uses scipy\'s curve_fit for the floored fit when installed.',
    'import numpy as np',
    '',
    'try:',
    '    from scipy.optimize import curve_fit',
    'except ImportError:  # the engine\'s bounded Levenberg–Marquardt below does the same fit',
    '    curve_fit = None',
    '',
    `PER_DECADE = ${pyNumber(s.perDecade)}`,
    `WINDOW = (${optional(s.from)}, ${optional(s.to)})  # the pure fit's window; None: [t_max/10, t_max]`,
    `FLOOR_WINDOW = (${optional(s.floorFrom)}, ${optional(s.floorTo)})  # the floored fit's window; None: every point`,
    ...(fit
      ? [
          `# The curve the panel's fits saw (${fit.time}): geometric means of t and L in log bins.`,
          `T = np.array(${pyNumbers(fit.curve.t)})`,
          `L = np.array(${pyNumbers(fit.curve.loss)})`,
          `PANEL = {"alpha": ${pyNumber(fit.powerLaw.alpha)}, "alpha_se": ${optional(fit.powerLaw.alphaStdError)}, "floor_alpha": ${fit.powerLawWithFloor ? pyNumber(fit.powerLawWithFloor.alpha) : 'None'}, ` +
            `"l0": ${fit.powerLawWithFloor ? pyNumber(fit.powerLawWithFloor.l0) : 'None'}}`,
        ]
      : ['T = L = None  # the run was stopped before its fit', 'PANEL = None']),
    ...(file ? [`CURVE_FILE = ${pyString(file)}  # [n] losses at steps 1…n, [n, 2] (t, loss) or [n, 3] (t, loss, lr)`] : []),
    '',
    '',
    POWER_LAW,
    '',
    '',
    FIT_TIME_FUNCTIONS,
    '',
    '',
    ...(file
      ? [
          'if CURVE_FILE and T is not None:  # the curve again from its file, binned as the panel binned it (step time)',
          '    raw = np.load(CURVE_FILE).astype(np.float64)',
          '    t_raw, l_raw = (np.arange(1, len(raw) + 1), raw) if raw.ndim == 1 else (raw[:, 0], raw[:, 1])',
          '    T, L = log_binned(t_raw, l_raw, PER_DECADE)',
        ]
      : []),
    'if T is not None:',
    '    lo, hi = WINDOW[0] if WINDOW[0] is not None else T[-1] / 10, WINDOW[1] if WINDOW[1] is not None else np.inf',
    '    pure = power_law(*in_window(T, L, lo, hi))',
    '    print(f"pure power law on [{lo:g}, {min(hi, T[-1]):g}]: α = {pure[\'alpha\']:.4f} ± {pure[\'alpha_se\']:.4f}, a = {pure[\'a\']:.4g}, R² = {pure[\'r2\']:.4f}")',
    '    ft, fl = in_window(T, L, FLOOR_WINDOW[0] if FLOOR_WINDOW[0] is not None else 0.0, FLOOR_WINDOW[1] if FLOOR_WINDOW[1] is not None else np.inf)',
    '    floor = power_law_with_floor(ft, fl) if len(ft) >= 4 else None',
    '    if floor:',
    '        print(f"with a floor: α = {floor[\'alpha\']:.4f} ± {floor[\'alpha_se\']:.4f}, c = {floor[\'c\']:.4g}, L0 = {floor[\'l0\']:.4g} ± {floor[\'l0_se\']:.2g}", *floor["at_bound"])',
    '    slope_t, slopes = local_slopes(T, L)',
    '    print("local slopes:", ", ".join(f"{t:.3g}: {a:.3f}" for t, a in zip(slope_t, slopes)))',
    '    print("the panel:", PANEL)',
  ];
}

function widthCode(head: string, scaling: WidthScalingView | null): string[] {
  return [
    `${head}: loss against width in the superposition toy${scaling ? ` (${scaling.regime} superposition, feature exponent α = ${scaling.alpha}, n = ${scaling.features})` : ''}:`,
    '# α_m is the OLS slope of ln L on ln m (Liu, Liu & Gore 2025). Theory: strong superposition α_m ≈ 1, weak α_m = α − 1.',
    'import numpy as np',
    '',
    `M = ${pyNumbers(scaling?.widths.map((w) => w.m) ?? [])}`,
    `LOSS = ${pyNumbers(scaling?.widths.map((w) => w.loss) ?? [])}  # final held-out loss per width`,
    `PANEL_ALPHA_M = ${scaling?.exponent ? pyNumber(scaling.exponent.alpha) : 'None'}`,
    '',
    '',
    POWER_LAW,
    '',
    '',
    'if len(M) >= 2:',
    '    fit = power_law(M, LOSS)',
    '    print(f"α_m = {fit[\'alpha\']:.4f} ± {fit[\'alpha_se\']:.4f} (R² {fit[\'r2\']:.4f}); the panel: {PANEL_ALPHA_M}")',
  ];
}

const PROBE_FUNCTIONS = String.raw`def normalise_rows(x, kind):
    """Each row (x − mean)/√(mean (x − mean)² + 1e-5), the mean taken for "layernorm" and 0 for "rms"."""
    centred = x - x.mean(axis=1, keepdims=True) if kind == "layernorm" else x
    return centred / np.sqrt((centred ** 2).mean(axis=1, keepdims=True) + 1e-5)


def stratified_folds(labels, k):
    """The i-th row of each class (in row order) goes to fold i mod k."""
    fold = np.empty(len(labels), dtype=np.int64)
    for c in (0, 1):
        rows = np.flatnonzero(labels == c)
        fold[rows] = np.arange(len(rows)) % k
    return fold


def roc_auc(scores, positive):
    """P(a random positive scores above a random negative), ties one half (the Mann–Whitney U with average ranks)."""
    order = np.argsort(scores, kind="stable")
    ranks = np.empty(len(scores))
    sorted_scores = np.asarray(scores)[order]
    start = 0
    while start < len(scores):
        end = start + 1
        while end < len(scores) and sorted_scores[end] == sorted_scores[start]:
            end += 1
        ranks[order[start:end]] = (start + 1 + end) / 2
        start = end
    pos = np.asarray(positive).astype(bool)
    n1, n0 = pos.sum(), (~pos).sum()
    return (ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)


def fit_logistic(x, y, lam):
    """Minimises mean log-loss + (λ/2)‖w‖² (the intercept, x's last column, unpenalised) by damped Newton steps."""
    n, p = x.shape
    ridge = np.full(p, lam)
    ridge[-1] = 1e-10

    def objective(w):
        z = x @ w
        return np.mean(np.logaddexp(0, z) - y * z) + 0.5 * lam * (w[:-1] @ w[:-1])

    w = np.zeros(p)
    current = objective(w)
    for _ in range(50):
        q = 0.5 * (1 + np.tanh(0.5 * (x @ w)))
        gradient = x.T @ (q - y) / n + ridge * w
        hessian = (x * (q * (1 - q))[:, None]).T @ x / n + np.diag(ridge)
        step = np.linalg.solve(hessian, gradient)
        scale = 1.0
        while scale > 1e-6:
            value = objective(w - scale * step)
            if value <= current:
                break
            scale /= 2
        if scale <= 1e-6:
            break
        converged = current - value < 1e-12 * (1 + abs(current))
        w, current = w - scale * step, value
        if converged:
            break
    return w


def probe_fold(x, y, train, test):
    """Logistic regression on features standardised by the training rows (constant ones dropped), λ = 1/n_train
    (scikit-learn's C = 1); the mean-difference probe w = μ₁ − μ₀ on the raw features, threshold at the midpoint."""
    mean = x[train].mean(axis=0)
    var = ((x[train] - mean) ** 2).mean(axis=0)
    inv_std = np.where(var > 1e-12 * (1 + mean ** 2), 1 / np.sqrt(np.maximum(var, 1e-300)), 0.0)
    design = lambda rows: np.hstack([(x[rows] - mean) * inv_std, np.ones((len(rows), 1))])
    w = fit_logistic(design(train), y[train].astype(np.float64), 1 / len(train))
    logits = design(test) @ w
    mu1, mu0 = x[train][y[train] == 1].mean(axis=0), x[train][y[train] == 0].mean(axis=0)
    direction = mu1 - mu0
    projections = x[test] @ direction
    threshold = direction @ (mu1 + mu0) / 2
    return {"logistic_auc": roc_auc(logits, y[test]), "logistic_accuracy": np.mean((logits > 0) == (y[test] == 1)),
            "mean_difference_auc": roc_auc(projections, y[test]), "mean_difference_accuracy": np.mean((projections > threshold) == (y[test] == 1))}


def cross_validated_probes(x, y, folds):
    """Each stratified fold scored once by probes trained on the others: mean and sample std over folds."""
    fold = stratified_folds(y, folds)
    scores = [probe_fold(x, y, np.flatnonzero(fold != f), np.flatnonzero(fold == f)) for f in range(folds)]
    return {key: (np.mean([s[key] for s in scores]), np.std([s[key] for s in scores], ddof=1)) for key in scores[0]}`;

function probeCode(head: string, s: ProbeSettings, probe: ProbeView | null): string[] {
  const npy = (p: string | null) => (p !== null && /\.npy$/i.test(p) ? p : null);
  const panel = probe?.kind === 'file'
    ? `PANEL = {"raw": (${pyNumber(probe.raw.logistic.auc.mean)}, ${pyNumber(probe.raw.meanDifference.auc.mean)}), "normalised": (${pyNumber(probe.normalised.logistic.auc.mean)}, ${pyNumber(probe.normalised.meanDifference.auc.mean)})}  # logistic, mean-difference AUC`
    : probe?.kind === 'truth'
      ? `PANEL = {${probe.positions.map((p) => `${pyString(p.position)}: (${pyNumber(p.probes.raw.logistic.auc.mean)}, ${pyNumber(p.probes.normalised.logistic.auc.mean)})`).join(', ')}}  # logistic AUC raw, normalised per position`
      : 'PANEL = None';
  const acts = npy(s.source);
  const labels = npy(s.labels);
  return [
    `${head}: truth probes on ${s.source} (Ravfogel et al. 2025 §4.4): held-out AUC and accuracy of a logistic and a`,
    `# mean-difference probe, ${s.folds} stratified folds, on the raw and the ${s.normalisation}-normalised activations.`,
    'import numpy as np',
    '',
    panel,
    `FOLDS, NORMALISATION = ${s.folds}, ${pyString(s.normalisation)}`,
    acts && labels
      ? `X, Y = np.load(${pyString(acts)}).astype(np.float64), np.load(${pyString(labels)}).astype(np.int64).ravel()`
      : s.source.startsWith('toy:')
        ? 'X = Y = None  # the truth toy\'s activations are generated and trained inside SAE Scope; put [rows, d] activations and 0/1 labels here'
        : `X = Y = None  # read ${s.source}${s.layer ? ` (tensor ${s.layer})` : ''} and ${s.labels ?? 'the labels'} here: [rows, d] activations and 0/1 labels`,
    '',
    '',
    PROBE_FUNCTIONS,
    '',
    '',
    'if X is not None:',
    '    for name, features in (("raw", X), (NORMALISATION, normalise_rows(X, NORMALISATION))):',
    '        scores = cross_validated_probes(features, Y, FOLDS)',
    '        print(name, {k: f"{m:.4f} ± {sd:.4f}" for k, (m, sd) in scores.items()})',
    '    print("the panel:", PANEL)',
  ];
}

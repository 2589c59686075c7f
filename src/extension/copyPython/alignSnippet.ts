/**
 * "Copy as Python" on the Alignment panel: NumPy code that scores two representations of the same rows as the
 * engine does (src/engine/diagnostics/alignment) — scikit-learn's shuffled KFold, dead-unit removal, semi-matching,
 * soft-matching by exact optimal transport, and RidgeCV predictivity on per-sample layer-normed units — for the
 * raw units, and for SAE latent codes when given.
 */
import type { AlignRunRecord, AlignSettings } from '../../shared/protocol';
import { pyNumber, pyString } from './pythonSource';

const METRIC_FUNCTIONS = String.raw`def kfold_of(rows, folds, seed):
    """Which fold tests each row: scikit-learn's KFold(folds, shuffle=True, random_state=seed) — the rows shuffled by
    NumPy's legacy RandomState(seed), cut into contiguous blocks, the first rows % folds of them one row longer."""
    order = np.arange(rows)
    np.random.RandomState(seed).shuffle(order)
    sizes = [rows // folds + (1 if k < rows % folds else 0) for k in range(folds)]
    fold = np.empty(rows, dtype=np.int64)
    fold[order] = np.repeat(np.arange(folds), sizes)
    return fold


def live_units(Z, fold, folds):
    """Columns not all zero in the training or the test part of any fold (their correlations would be 0/0)."""
    nonzero = np.array([(Z[fold == k] != 0).sum(axis=0) for k in range(folds)])
    total = nonzero.sum(axis=0)
    return np.flatnonzero(((nonzero > 0) & (total - nonzero > 0)).all(axis=0))


def correlations(X, Y):
    """Pearson correlations [p, q] between the columns of X and Y; a column constant in these rows gets 0."""
    n = len(X)
    sx, sy = X.sum(axis=0), Y.sum(axis=0)
    sxx, syy = (X * X).sum(axis=0), (Y * Y).sum(axis=0)
    cx, cy = sxx - sx * sx / n, syy - sy * sy / n
    ix = np.where((cx > 1e-12 * sxx) & (cx > 0), 1 / np.sqrt(np.where(cx > 0, cx, 1.0)), 0.0)
    iy = np.where((cy > 1e-12 * syy) & (cy > 0), 1 / np.sqrt(np.where(cy > 0, cy, 1.0)), 0.0)
    return np.clip((X.T @ Y - np.outer(sx, sy) / n) * ix[:, None] * iy[None, :], -1, 1)


def uniform_transport(C):
    """The exact optimal plan P* = argmin ⟨P, C⟩ with rows summing to 1/p and columns to 1/q: an integer transportation
    problem (row supply q/g, column demand p/g, g = gcd(p, q)) solved by successive shortest paths with dual potentials,
    as the engine does (POT's ot.emd(np.full(p, 1/p), np.full(q, 1/q), C) gives the same optimum)."""
    p, q = C.shape
    g = math.gcd(p, q)
    supply, demand = np.full(p, q // g, dtype=np.float64), np.full(q, p // g, dtype=np.float64)
    amount = np.zeros((p, q))
    u, v = np.zeros(p), C.min(axis=0).copy()
    remaining = p * (q // g)
    while remaining > 0:
        row_dist, col_dist = np.where(supply > 0, 0.0, np.inf), np.full(q, np.inf)
        row_done, col_done = np.zeros(p, dtype=bool), np.zeros(q, dtype=bool)
        row_from, col_from = np.full(p, -1), np.zeros(q, dtype=np.int64)
        while True:
            rd, cd = np.where(row_done, np.inf, row_dist), np.where(col_done, np.inf, col_dist)
            i, j = int(rd.argmin()), int(cd.argmin())
            if rd[i] == np.inf and cd[j] == np.inf:
                raise RuntimeError("transport: no augmenting path")
            if rd[i] <= cd[j]:  # settle a row (rows first on ties)
                best = rd[i]
                row_done[i] = True
                d = best + np.maximum(0.0, C[i] - u[i] - v)
                better = ~col_done & (d < col_dist)
                col_dist[better], col_from[better] = d[better], i
            else:  # settle a column: a path ends at one with demand left, else it leads back along its flows
                best = cd[j]
                col_done[j] = True
                if demand[j] > 0:
                    target, reach = j, best
                    break
                back = ~row_done & (amount[:, j] > 0) & (best < row_dist)
                row_dist[back], row_from[back] = best, j
        u[row_done] += reach - row_dist[row_done]
        v[col_done] -= reach - col_dist[col_done]
        push, j = demand[target], target
        while True:
            i = col_from[j]
            if row_from[i] < 0:
                push = min(push, supply[i])
                break
            push, j = min(push, amount[i, row_from[i]]), row_from[i]
        demand[target] -= push
        j = target
        while True:
            i = col_from[j]
            amount[i, j] += push
            if row_from[i] < 0:
                supply[i] -= push
                break
            amount[i, row_from[i]] -= push
            j = row_from[i]
        remaining -= push
    return amount * g / (p * q)


def layer_norm_rows(Z):
    """Per-sample layer norm: each row (z − mean)/(sd + 1e-5), sd with the n − 1 denominator across the row's units."""
    centred = Z - Z.mean(axis=1, keepdims=True)
    return centred / (Z.std(axis=1, ddof=1, keepdims=True) + 1e-5)


def ridge_cv(X, Y, alphas=ALPHAS):
    """scikit-learn's RidgeCV(alphas, fit_intercept=False): one α for all targets, the first minimising the efficient
    leave-one-out error mean((y − ŷ)/(1 − h))², then B = (XᵀX + αI)⁻¹XᵀY. Directions with λ ≤ λ_max·p·1e-13 (zero
    but for rounding: the layer norm makes X·1 = 0) are dropped."""
    lam, V = np.linalg.eigh(X.T @ X)
    keep = lam > np.abs(lam).max() * X.shape[1] * 1e-13
    lam, V = lam[keep], V[:, keep]
    Z = X @ V
    zty = Z.T @ Y
    loo = []
    for alpha in alphas:
        g = 1 / (lam + alpha)
        residual = Y - Z @ (g[:, None] * zty)
        leverage = (Z * Z) @ g
        loo.append(np.mean((residual / (1 - leverage)[:, None]) ** 2))
    best = int(np.argmin(loo))
    return alphas[best], V @ (zty / (lam + alphas[best])[:, None])


def column_cosines(P, Y):
    """The uncentred cosine of each predicted column with the true one (0 for a zero column)."""
    norm = np.sqrt((P * P).sum(axis=0) * (Y * Y).sum(axis=0))
    return np.where(norm > 0, (P * Y).sum(axis=0) / np.where(norm > 0, norm, 1.0), 0.0)


def alignment_scores(X, Y, folds=FOLDS, seed=CV_SEED):
    """Semi-matching, soft-matching and ridge from source X [n, p] to target Y [n, q] (the same rows): mean ± SEM over
    folds and each live target unit's score (its mean over folds), after dead-unit removal."""
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    fold = kfold_of(len(X), folds, seed)
    live_x, live_y = live_units(X, fold, folds), live_units(Y, fold, folds)
    X, Y = X[:, live_x], Y[:, live_y]
    Xn, Yn = layer_norm_rows(X), layer_norm_rows(Y)
    q = Y.shape[1]
    parts = {"semi": [], "soft": [], "ridge": []}
    alphas = []
    for k in range(folds):
        tr, te = fold != k, fold == k
        train, test = correlations(X[tr], Y[tr]), correlations(X[te], Y[te])
        match = train.argmax(axis=0)  # each target unit's best source unit on the training rows (the first on ties)
        parts["semi"].append(test[match, np.arange(q)])
        plan = uniform_transport(1 - train)
        parts["soft"].append(q * (plan * test).sum(axis=0))  # column j of P* sums to 1/q
        alpha, B = ridge_cv(Xn[tr], Yn[tr])
        alphas.append(alpha)
        parts["ridge"].append(column_cosines(Xn[te] @ B, Yn[te]))
    out = {"source_units": len(live_x), "target_units": len(live_y), "alphas": alphas, "target_unit": live_y}
    for metric, per_fold in parts.items():
        scores = np.array([u.mean() for u in per_fold])
        out[metric] = {"mean": scores.mean(), "sem": scores.std(ddof=1) / np.sqrt(folds), "folds": scores, "per_unit": np.mean(per_fold, axis=0)}
    return out`;

/** `A = …`: the held-out rows of a side's activations where NumPy can read them, else None with what to put there. */
function rowsLine(name: string, path: string, start: number, rows: number): string {
  if (/\.npy$/i.test(path)) return `${name} = np.load(${pyString(path)}, mmap_mode="r")[${start}:${start + rows}]`;
  return `${name} = None  # ${path}: put its ${rows} held-out rows [rows, units] here (the panel scored rows ${start}…${start + rows - 1} of its stimuli)`;
}

function codesLine(name: string, side: 'A' | 'B', sae: string | null): string {
  return sae
    ? `${name} = None  # the latent code of ${side}'s rows by ${sae}, e.g. with SAELens: SAE.load_from_disk(${pyString(sae)}).encode(torch.from_numpy(${side}).float()).detach().numpy()`
    : `${name} = None  # ${side}'s SAE latents on the same rows (SAE Scope trained a ToySAE here and did not keep it)`;
}

export function alignSnippet(record: AlignRunRecord): string {
  const s: AlignSettings = record.settings;
  const o = record.outcome;
  const panel = o.directions.map((d) =>
    `    ${pyString(d.direction)}: {${d.table.map((row) => `${pyString(row.comparison)}: {"semi": ${pyNumber(row.semi.mean)}, "soft": ${pyNumber(row.soft.mean)}, "ridge": ${pyNumber(row.ridge.mean)}}`).join(', ')}},`);
  const lines = [
    `# Reproduces SAE Scope's alignment run ${record.id} (Longon, Klindt & Khosla, alignment after disentanglement):`,
    `# A = ${s.a}, B = ${s.b}; ${o.rows.evaluated} held-out rows from row ${o.rows.heldOutStart}, ${o.protocol.folds}-fold CV (seed ${o.protocol.cvSeed}).`,
    '# Semi-matching, soft-matching (exact optimal transport) and ridge predictivity, as mean ± SEM over folds, for the raw',
    '# units (N→N) and, once you fill in the SAE codes, SAE→N and SAE→SAE. Needs NumPy only.',
    'import math',
    '',
    'import numpy as np',
    '',
    `FOLDS, CV_SEED = ${o.protocol.folds}, ${o.protocol.cvSeed}`,
    'ALPHAS = 10.0 ** np.arange(-8, 9)  # RidgeCV\'s grid',
    'PANEL = {  # the panel\'s means per direction and comparison',
    ...panel,
    '}',
    '',
    '',
    METRIC_FUNCTIONS,
    '',
    '',
    rowsLine('A', s.a, o.rows.heldOutStart, o.rows.evaluated),
    rowsLine('B', s.b, o.rows.heldOutStart, o.rows.evaluated),
    codesLine('CODES_A', 'A', s.saeA),
    codesLine('CODES_B', 'B', s.saeB),
    'comparisons = {"N→N": (A, B), "SAE→N": (CODES_A, B), "SAE→SAE": (CODES_A, CODES_B)}',
    ...(s.bothDirections ? ['reverse = {"N→N": (B, A), "SAE→N": (CODES_B, A), "SAE→SAE": (CODES_B, CODES_A)}'] : []),
    `for direction, table in (("A→B", comparisons)${s.bothDirections ? ', ("B→A", reverse)' : ''},):`,
    '    for comparison, (source, target) in table.items():',
    '        if source is None or target is None:',
    '            continue',
    '        r = alignment_scores(source, target)',
    '        print(direction, comparison, "  ".join(f"{m} {r[m][\'mean\']:.4f} ± {r[m][\'sem\']:.4f}" for m in ("semi", "soft", "ridge")),',
    '              "(the panel:", PANEL[direction][comparison], ")")',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * "Copy as Python" on the L0 Diagnostics panel: NumPy code with the sweep's numbers, the recommendation rule that
 * picks the L0 from them (minimum of c_dec with ground truth, else the elbow), and the engine's metrics — c_dec,
 * s_n^dec, L0, MSE, EV, FVE, dead latents, each SAE encoded at its own L0 as the sweep does — for SAEs on disk.
 */
import type { L0CopyPython } from '../../shared/protocol';
import { pyNumber, pyNumbers, pyString, saeLoader, safetensorsReader, unitRows } from './pythonSource';

export type L0SnippetInput = Omit<L0CopyPython, 'kind'>;

/** The sweep's SMALLEST_CUT (batchCut.ts): BatchTopK's cut is never below the smallest normal float32. */
const SMALLEST_CUT = '1.1754943508222875e-38';

export function l0Snippet({ id, settings, width, trueL0, rows, recommended }: L0SnippetInput): string {
  const jumprelu = settings.arch === 'jumprelu';
  const ns = rows[0]?.projections.map((p) => p.n) ?? [];
  const truthKnown = trueL0 !== null || rows.some((r) => r.mmcs !== null);
  const evalRows = Math.ceil(settings.evalRows / settings.batch) * settings.batch;
  const row = (r: (typeof rows)[number]) =>
    `    {"setting": ${pyNumber((jumprelu ? r.coefficient : r.k) ?? Number.NaN)}, "l0": ${pyNumber(r.l0)}, "c_dec": ${pyNumber(r.cDec)}, ` +
    `"s_dec": {${r.projections.map((p) => `${p.n}: ${pyNumber(p.value)}`).join(', ')}}, "mse": ${pyNumber(r.mse)}, "ev": ${pyNumber(r.explainedVariance)}, ` +
    `"fve": ${pyNumber(r.explainedVarianceUncentred)}, "dead": ${r.deadLatents}},`;
  const lines = [
    `# Reproduces SAE Scope's L0 sweep ${id}: ${rows.length} ${settings.arch} SAEs${width === null ? '' : ` of width ${width}`} on ${settings.data}`,
    `# (${settings.steps} steps × ${settings.batch} rows, lr ${settings.lr}, seed ${settings.seed}, ${evalRows} held-out rows), Sparse but Wrong's L0 diagnostic:`,
    '# the recommended L0 from the panel\'s numbers by the same rule, and every metric of the table for SAEs on disk.',
    'import json',
    'from pathlib import Path',
    '',
    'import numpy as np',
    '',
    `# The panel's rows (in the sweep's order); "setting" is ${jumprelu ? 'the JumpReLU sparsity coefficient λ_s' : 'k'}.`,
    'ROWS = [',
    ...rows.map(row),
    ']',
    `GROUND_TRUTH_KNOWN = ${truthKnown ? 'True' : 'False'}  # toy data: the true features are known${trueL0 === null ? '' : ` (true L0 ${pyNumber(trueL0)})`}`,
    `PANEL_RECOMMENDED_L0 = ${recommended ? pyNumber(recommended.l0) : 'None'}`,
    `BATCH = ${settings.batch}  # rows encoded together (BatchTopK keeps ⌊k·BATCH⌋ activations of each batch)`,
    `NS = ${pyNumbers(ns)}  # the n of s_n^dec`,
    '',
    '',
    ...safetensorsReader(),
    '',
    '',
    ...saeLoader(),
    '',
    '',
    ...unitRows(),
    '',
    '',
    'def c_dec(W_dec, block=1024):',
    '    """c_dec = (2/(h(h−1)))·Σ_{i<j} |cos(W_dec[i,:], W_dec[j,:])| (Sparse but Wrong eq. 4); a zero row has cosine 0 with every row."""',
    '    h = len(W_dec)',
    '    if h < 2:',
    '        return float("nan")',
    '    unit = unit_rows(W_dec)',
    '    total = 0.0',
    '    for start in range(0, h, block):  # a block of rows of the cosine matrix at a time, each pair once',
    '        total += np.triu(np.abs(unit[start:start + block] @ unit.T), k=start + 1).sum()',
    '    return total / (h * (h - 1) / 2)',
    '',
    '',
    'def s_n_dec(W_dec, b_dec, X, ns):',
    '    """s_n^dec: the (n·b+1)-th largest entry of Z = (X − b_dec)·Ŵ_decᵀ over the b rows of X (Ŵ_dec: unit rows; Sparse but Wrong A.9)."""',
    '    z = ((X - b_dec) @ unit_rows(W_dec).T).ravel()',
    '    b, h = len(X), len(W_dec)',
    '    return {n: float(-np.partition(-z, n * b)[n * b]) if 0 <= n < h else float("nan") for n in ns}',
    '',
    '',
    'def activations(sae, x):',
    '    """Each SAE at its own L0, as the sweep evaluates it: BatchTopK keeps the ⌊k·B⌋ largest pre-activations of the batch, TopK the k largest of each row."""',
    '    pre = (x - sae["b_dec"] if sae["apply_b_dec_to_input"] else x) @ sae["W_enc"] + sae["b_enc"]',
    '    arch = sae["architecture"]',
    '    if arch in ("batchtopk", "matryoshka_batchtopk"):',
    '        keep = max(1, min(int(np.floor(sae["k"] * len(x))), pre.size))',
    `        cut = max(np.partition(pre.ravel(), pre.size - keep)[pre.size - keep], ${SMALLEST_CUT})`,
    '        return np.where(pre >= cut, pre, 0.0)',
    '    if arch == "topk":',
    '        norms = np.linalg.norm(sae["W_dec"], axis=1) if sae["rescale_acts_by_decoder_norm"] else np.ones(pre.shape[1])',
    '        scored = pre * norms',
    '        top = np.argpartition(-scored, int(sae["k"]) - 1, axis=1)[:, :int(sae["k"])]',
    '        acts = np.zeros_like(pre)',
    '        np.put_along_axis(acts, top, np.maximum(np.take_along_axis(scored, top, axis=1), 0.0), axis=1)',
    '        return acts / norms',
    '    if arch == "jumprelu":',
    '        return np.where(pre > sae["threshold"], pre, 0.0)',
    '    if arch == "standard":',
    '        return np.maximum(pre, 0.0)',
    '    raise ValueError(f"{arch} SAEs are not evaluated at a fixed L0")',
    '',
    '',
    'def reconstruction_metrics(sae, X, batch=BATCH):',
    '    """L0, MSE = mean_b Σ_d (x̂ − x)², EV = 1 − Σ‖x − x̂‖²/Σ‖x − x̄‖², FVE = 1 − Σ‖x − x̂‖²/Σ‖x‖², dead latents, over the whole batches of X."""',
    '    X = X[:len(X) // batch * batch]',
    '    squared_error, active, fired = 0.0, 0, np.zeros(len(sae["W_dec"]), dtype=bool)',
    '    for start in range(0, len(X), batch):',
    '        x = X[start:start + batch]',
    '        acts = activations(sae, x)',
    '        squared_error += ((x - (acts @ sae["W_dec"] + sae["b_dec"])) ** 2).sum()',
    '        active += int((acts != 0).sum())',
    '        fired |= (acts != 0).any(axis=0)',
    '    return {',
    '        "l0": active / len(X),',
    '        "mse": squared_error / len(X),',
    '        "ev": 1 - squared_error / ((X - X.mean(axis=0)) ** 2).sum(),',
    '        "fve": 1 - squared_error / (X ** 2).sum(),',
    '        "dead": int((~fired).sum()),',
    '    }',
    '',
    '',
    'def elbow_index(l0s, values):',
    '    """Kneedle on log L0 up to the first minimum: the point furthest below the chord from the lowest L0 to the minimum (lowest L0 on ties)."""',
    '    order = np.argsort(l0s, kind="stable")',
    '    x, y = np.log(np.asarray(l0s, dtype=np.float64)[order]), np.asarray(values, dtype=np.float64)[order]',
    '    m = int(np.argmin(y))',
    '    best, best_gap = m, 0.0',
    '    for i in range(1, m):',
    '        gap = 1 - (x[i] - x[0]) / (x[m] - x[0]) - (y[i] - y[m]) / (y[0] - y[m])',
    '        if gap > best_gap:',
    '            best, best_gap = i, gap',
    '    return int(order[best])',
    '',
    '',
    'def recommend(l0s, c_decs, ground_truth_known):',
    '    """The index of the recommended SAE and the rule: with ground truth the smallest c_dec (lowest L0 on ties), else the elbow of c_dec."""',
    '    usable = [i for i in range(len(l0s)) if np.isfinite(c_decs[i]) and l0s[i] > 0]',
    '    if not usable:',
    '        return None, None',
    '    if ground_truth_known:',
    '        best = usable[0]',
    '        for i in usable[1:]:',
    '            if c_decs[i] < c_decs[best] or (c_decs[i] == c_decs[best] and l0s[i] < l0s[best]):',
    '                best = i',
    '        return best, "minimum"',
    '    return usable[elbow_index([l0s[i] for i in usable], [c_decs[i] for i in usable])], "elbow"',
    '',
    '',
    '# 1. The recommended L0 from the panel\'s c_dec values.',
    'chosen, rule = recommend([r["l0"] for r in ROWS], [r["c_dec"] for r in ROWS], GROUND_TRUTH_KNOWN)',
    'if chosen is not None:',
    '    print(f"recommended L0 {ROWS[chosen][\'l0\']:.2f} ({rule} of c_dec); the panel: {PANEL_RECOMMENDED_L0}")',
    '',
    '# 2. The same table for SAEs on disk (SAELens folders, e.g. trained with SAELens at these L0s; the sweep does not',
    `#    save its SAEs) on held-out activations X [rows, d_in]. The sweep used ${evalRows} rows of its data drawn in a`,
    '#    seeded shuffle, so other rows give values close to, not equal to, the panel\'s.',
    'SAES = {}  # {setting: "path/to/sae_folder"}',
    ...dataLine(settings.data, evalRows),
    'if SAES and X is not None:',
    '    X = np.asarray(X, dtype=np.float64)',
    '    table = []',
    '    for setting, path in SAES.items():',
    '        sae = load_sae(path)',
    '        m = {"setting": setting, **reconstruction_metrics(sae, X), "c_dec": c_dec(sae["W_dec"]), "s_dec": s_n_dec(sae["W_dec"], sae["b_dec"], X, NS)}',
    '        table.append(m)',
    '        s = "  ".join(f"s_{n} {v:.4f}" for n, v in m["s_dec"].items())',
    '        print(f"{setting}: L0 {m[\'l0\']:.2f}  c_dec {m[\'c_dec\']:.4f}  {s}  MSE {m[\'mse\']:.3f}  EV {m[\'ev\']:.4f}  FVE {m[\'fve\']:.4f}  dead {m[\'dead\']}")',
    '    chosen, rule = recommend([m["l0"] for m in table], [m["c_dec"] for m in table], GROUND_TRUTH_KNOWN)',
    '    if chosen is not None:',
    '        print(f"recommended L0 {table[chosen][\'l0\']:.2f} ({rule} of c_dec)")',
  ];
  return `${lines.join('\n')}\n`;
}

/** `X = …`: the sweep's data file where NumPy can read it, else None with what to put there. */
function dataLine(data: string, rows: number): string[] {
  if (/\.npy$/i.test(data)) return [`X = np.load(${pyString(data)}, mmap_mode="r")[:${rows}]`];
  const safetensors = /^(.*\.safetensors)(?:#(.+))?$/i.exec(data);
  if (safetensors) {
    const [, file, name] = safetensors;
    return [
      `tensors = read_safetensors(${pyString(file)})`,
      name ? `X = tensors[${pyString(name)}][:${rows}]` : `X = next(t for t in tensors.values() if t.ndim == 2)[:${rows}]  # the file's only 2-D tensor`,
    ];
  }
  return ['X = None  # e.g. np.load("heldout.npy"): SAE Scope generates toy data itself, so there is no file to read'];
}

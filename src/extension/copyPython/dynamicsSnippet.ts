/**
 * "Copy as Python" on the LLC and influence panel: a PyTorch SGLD estimator of the local learning coefficient with
 * devinterp's semantics (the engine's, src/engine/diagnostics/slt) for linear regression on the run's data or the
 * family's, the panel's per-checkpoint λ̂ for a run; and for influence runs the Bayesian influence function
 * (covariance and correlation of per-sample loss traces, as the engine's bif.ts) beside the panel's trajectories.
 */
import type { DynamicsRunRecord, FamilyLlcView, InfluenceRunRecord, LlcRunRecord, SamplerView } from '../../shared/protocol';
import { pyNumber, pyNumbers, pyString } from './pythonSource';

export function dynamicsSnippet(record: DynamicsRunRecord): string {
  const body = record.kind === 'influence' ? influenceCode(record) : llcCode(record);
  return `${body.join('\n')}\n`;
}

const SGLD_LLC = String.raw`def batches(rows, batch, generator):
    """devinterp's loader: a fresh permutation every pass, the last partial batch dropped."""
    while True:
        order = torch.randperm(rows, generator=generator)
        for start in range(0, rows - batch + 1, batch):
            yield order[start:start + batch]


def sgld_llc(x, y, w_star, predict, epsilon, gamma, nbeta, chains, draws, burn_in, batch, seed=0):
    """λ̂ = nβ·(E_w[L_m(w)] − L(w*)) over the localised tempered posterior exp(−nβ·L_n(w) − (γ/2)‖w − w*‖²), sampled by
    SGLD chains from w*: w ← w − (ε/2)[nβ∇L_m(w) + γ(w − w*)] + √ε·ξ. Each chain draws its own minibatches; the loss of
    a draw is the minibatch loss at the pre-step weights (draws after burn_in); L(w*) is the mean loss at w* over
    'chains' minibatches; L_m is the MSE over rows × outputs. Returns λ̂ per chain and L(w*)."""
    torch.manual_seed(seed)
    x, y = torch.as_tensor(x, dtype=torch.float64), torch.as_tensor(y, dtype=torch.float64).reshape(len(x), -1)
    w_star = torch.as_tensor(w_star, dtype=torch.float64)
    mse = lambda w, idx: ((predict(x[idx], w) - y[idx]) ** 2).mean(dim=(-2, -1))
    init_batches = batches(len(x), batch, torch.Generator().manual_seed(seed + 1_000_003))
    init_loss = torch.stack([mse(w_star, next(init_batches)) for _ in range(chains)]).mean().item()
    loaders = [batches(len(x), batch, torch.Generator().manual_seed(seed + c)) for c in range(chains)]
    w = w_star.expand(chains, *w_star.shape).clone()
    losses = torch.zeros(chains, draws, dtype=torch.float64)
    for step in range(burn_in + draws):
        idx = torch.stack([next(loader) for loader in loaders])  # [chains, batch]
        w.requires_grad_(True)
        loss = ((predict(x[idx], w) - y[idx]) ** 2).mean(dim=(1, 2))  # one minibatch loss per chain
        (grad,) = torch.autograd.grad(loss.sum(), w)
        if step >= burn_in:
            losses[:, step - burn_in] = loss.detach()
        with torch.no_grad():
            w = w - epsilon / 2 * (nbeta * grad + gamma * (w - w_star)) + np.sqrt(epsilon) * torch.randn_like(w)
    per_chain = nbeta * (losses.mean(dim=1) - init_loss)
    return per_chain.numpy(), init_loss, losses`;

function samplerLine(s: SamplerView): string {
  return `SAMPLER = {"epsilon": ${pyNumber(s.epsilon)}, "gamma": ${pyNumber(s.localization)}, "nbeta": ${pyNumber(s.nbeta)}, "chains": ${s.chains}, ` +
    `"draws": ${s.draws}, "burn_in": ${s.burnIn}, "batch": ${s.batch}, "seed": ${s.seed}}`;
}

function llcCode(record: LlcRunRecord): string[] {
  const { settings, outcome } = record;
  const head = [
    `# Reproduces SAE Scope's LLC run ${record.id} (Lau et al. 2023; devinterp's SGLD estimator with the engine's settings).`,
    '# Needs NumPy and PyTorch. λ̂ is a Monte Carlo estimate: another seed or generator gives a value within its spread.',
    'import numpy as np',
    'import torch',
    '',
  ];
  if (outcome.mode === 'run') {
    const r = outcome.run;
    return [
      ...head,
      `# λ̂ at the checkpoints of ${r.run} (${r.preset}, n = ${r.n}); the panel's table: (step, L_n(w*), λ̂, std).`,
      'CHECKPOINTS = [',
      ...r.checkpoints.map((c) => `    (${c.step}, ${c.loss === null ? 'None' : pyNumber(c.loss)}, ${c.llc ? pyNumber(c.llc.mean) : 'None'}, ${c.llc ? pyNumber(c.llc.std) : 'None'}),`),
      ']',
      samplerLine(r.sampler),
      '',
      '',
      SGLD_LLC,
      '',
      '',
      '# For a checkpoint w* of your model, call sgld_llc(x, y, w_star, predict, **SAMPLER) with predict(x [chains, batch, d], w [chains, ...]).',
      'for step, loss, llc, std in CHECKPOINTS:',
      '    print(f"step {step}: L_n(w*) {loss}, λ̂ {llc} ± {std}")',
    ];
  }
  const family: FamilyLlcView | null = outcome.family;
  if (settings.mode !== 'family' || family === null) return [...head, '# The run was stopped before its estimate.'];
  const linear = family.model === 'linear';
  const fromFiles = settings.x !== null && settings.y !== null;
  return [
    ...head,
    `# The ${family.model} family on ${family.data.source} (${family.data.rows} rows, d = ${family.data.inputDim}); theory: λ = ${family.theory.lambda === null ? 'unknown' : pyNumber(family.theory.lambda)} (${family.theory.assumption}).`,
    `PANEL = {"llc": ${pyNumber(family.estimate.llc.mean)}, "std": ${pyNumber(family.estimate.llc.std)}, "init_loss": ${pyNumber(family.estimate.initLoss)}, "theory": ${family.theory.lambda === null ? 'None' : pyNumber(family.theory.lambda)}}`,
    samplerLine(family.estimate.sampler),
    ...(fromFiles
      ? [`X, Y = np.load(${pyString(settings.x!)}).astype(np.float64), np.load(${pyString(settings.y!)}).astype(np.float64)`]
      : linear
        ? [
            `# The family's data drawn again by NumPy (seed ${settings.seed}): x ~ N(0, I_d), a teacher w ~ N(0, I_d), y = wᵀx + 0.5·N(0, 1);`,
            '# the same law as the panel\'s rows, not the same draws (λ = d/2 whichever rows).',
            `ROWS, D = ${family.data.rows}, ${family.data.inputDim}`,
            `rng = np.random.default_rng(${settings.seed})`,
            'X = rng.standard_normal((ROWS, D))',
            'Y = X @ rng.standard_normal(D) + 0.5 * rng.standard_normal(ROWS)',
          ]
        : ['X = Y = None  # put the x and y this family was fitted to here (SAE Scope generates them itself)']),
    '',
    '',
    SGLD_LLC,
    '',
    '',
    ...(linear
      ? [
          'if X is not None:',
          '    Y = Y.reshape(len(X), -1)',
          '    w_star = np.linalg.lstsq(X, Y, rcond=None)[0]  # the least-squares fit, w* [d, outputs]',
          '    predict = lambda x, w: x @ w  # y = wᵀx',
          '    per_chain, init_loss, _ = sgld_llc(X, Y, w_star, predict, **SAMPLER)',
          '    print(f"λ̂ = {per_chain.mean():.3f} ± {per_chain.std(ddof=1):.3f} (chains {np.round(per_chain, 3).tolist()}), L(w*) = {init_loss:.4f}; "',
          '          f"d/2 = {X.shape[1] * Y.shape[1] / 2}; the panel: {PANEL}")',
        ]
      : [
          `# ${family.model}: write predict(x [chains, batch, d], w) for this family's parameters w (stacked per chain) and its`,
          '# fit w*, then: per_chain, init_loss, _ = sgld_llc(X, Y, w_star, predict, **SAMPLER)',
        ]),
  ];
}

const BIF = String.raw`def bayesian_influence(traces, reduction="stack"):
    """From per-sample losses recorded at every draw, traces [chains, draws, samples]: Cov(ℓ_i, ℓ_j) over the observations
    (every chain × draw for "stack", the chains' mean per draw for "mean") with 1/(N − 1) as np.cov; the correlation
    Cov/(σ_i σ_j), diagonal 1, NaN for a constant trace; BIF = −Cov (< 0 helpful, > 0 harmful)."""
    traces = np.asarray(traces, dtype=np.float64)
    observations = traces.reshape(-1, traces.shape[2]) if reduction == "stack" else traces.mean(axis=0)
    covariance = np.atleast_2d(np.cov(observations, rowvar=False))
    sd = np.sqrt(np.diag(covariance))
    scale = np.outer(sd, sd)
    correlation = np.where(scale > 0, covariance / np.where(scale > 0, scale, 1.0), np.nan)
    np.fill_diagonal(correlation, 1.0)
    return {"covariance": covariance, "correlation": correlation, "bif": -covariance}`;

function influenceCode(record: InfluenceRunRecord): string[] {
  const t = record.outcome.trajectories;
  return [
    `# Reproduces SAE Scope's influence run ${record.id} on ${t.run} (${t.preset}): the Bayesian influence function (Lee et al. 2025;`,
    '# devinterp\'s compute_bif) from per-sample loss traces recorded along SGLD chains at a checkpoint. Needs NumPy.',
    'import numpy as np',
    '',
    `SAMPLES = [${t.samples.map(pyString).join(', ')}]`,
    `REDUCTION = ${pyString(t.sampler.reduction)}`,
    '# The panel\'s trajectories: per pair the checkpoints\' steps and corr(ℓ_source, ℓ_target) (None where undefined).',
    'PANEL = {',
    ...t.pairs.map((p) => `    ${pyString(p.pair)}: {"steps": ${pyNumbers(p.steps)}, "correlation": [${p.correlation.map((c) => (c === null ? 'None' : pyNumber(c))).join(', ')}]},`),
    '}',
    '',
    '',
    BIF,
    '',
    '',
    '# Per checkpoint, put the traces [chains, draws, samples] here (e.g. devinterp\'s sampler with a per-sample loss callback);',
    `# the panel drew ${t.sampler.chains} chains × ${t.sampler.draws} draws after ${t.sampler.burnIn} (ε ${t.sampler.epsilon}, γ ${t.sampler.localization}, nβ ${t.sampler.nbeta}).`,
    'TRACES = None',
    'if TRACES is not None:',
    '    result = bayesian_influence(TRACES, REDUCTION)',
    '    for pair in PANEL:',
    '        source, target = (SAMPLES.index(name) for name in pair.split(":"))',
    '        print(pair, "corr", result["correlation"][source, target], "BIF", result["bif"][source, target])',
    'for pair, values in PANEL.items():',
    '    print(pair, list(zip(values["steps"], values["correlation"])))',
  ];
}

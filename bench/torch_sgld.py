"""PyTorch CPU reference of the engine's SGLD sampler (saescope bench, part h).

Same maths as src/engine/diagnostics/slt/chains.ts and devinterp's SGLD: per chain, from w*, every step draws a
minibatch (a fresh permutation per pass, batches in order, the last partial batch dropped), records the minibatch
loss at the pre-step weights, and updates
    w <- w - (eps/2) * (nbeta * grad L_m(w) + gamma * (w - w*)) + sqrt(eps) * xi.
Chains run one after another, as devinterp does with cores=1. Prints one JSON line.
"""
import argparse
import json
import math
import time

import torch


def linear_problem(d, n, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g)
    y = x @ torch.randn(d, 1, generator=g) + 0.5 * torch.randn(n, 1, generator=g)
    w_star = torch.linalg.lstsq(x, y).solution
    params = [w_star.clone()]

    def loss(ps, rows):
        err = x[rows] @ ps[0] - y[rows]
        return (err * err).mean()

    return params, n, loss


def deep_linear_problem(depth, hidden, seed):
    items = 2 ** depth
    nodes = 2 ** (depth + 1) - 1
    targets = torch.zeros(nodes, items)
    for i in range(items):
        node = (2 ** depth - 1) + i  # heap index of leaf i
        while True:
            targets[node, i] = 1.0
            if node == 0:
                break
            node = (node - 1) // 2
    g = torch.Generator().manual_seed(seed)
    params = [0.1 * torch.randn(hidden, items, generator=g), 0.1 * torch.randn(nodes, hidden, generator=g)]

    def loss(ps, rows):
        residual = targets[:, rows] - ps[1] @ ps[0][:, rows]
        return (0.5 * (residual * residual).sum(0)).mean()

    return params, items, loss


def run(params, n, loss, batch, chains, draws, eps, gamma, nbeta, seed):
    w_star = [p.clone() for p in params]
    losses = []
    for c in range(chains):
        torch.manual_seed(seed + c)
        ws = [p.clone().requires_grad_(True) for p in w_star]
        order, pos = torch.arange(n), n
        for _ in range(draws):
            if pos + batch > n:
                order, pos = (torch.randperm(n) if batch < n else torch.arange(n)), 0
            rows = order[pos:pos + batch]
            pos += batch
            for w in ws:
                w.grad = None
            l = loss(ws, rows)
            l.backward()
            with torch.no_grad():
                for w, w0 in zip(ws, w_star):
                    w.add_(-(eps / 2) * (nbeta * w.grad + gamma * (w - w0)) + math.sqrt(eps) * torch.randn_like(w))
            losses.append(l.item())
    return losses


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--case', choices=['linear', 'deep-linear'], required=True)
    ap.add_argument('--chains', type=int, default=4)
    ap.add_argument('--draws', type=int, default=2000)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--repeats', type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    if a.case == 'linear':
        params, n, loss = linear_problem(10, 1000, 0)
        batch = 32
    else:
        params, n, loss = deep_linear_problem(3, 16, 0)
        batch = n
    nbeta = n / math.log(n)
    run(params, n, loss, batch, 1, 50, 1e-4, 1.0, nbeta, 0)  # warm-up
    seconds = []
    for r in range(a.repeats):
        t = time.perf_counter()
        losses = run(params, n, loss, batch, a.chains, a.draws, 1e-4, 1.0, nbeta, r)
        seconds.append(time.perf_counter() - t)
        assert all(math.isfinite(v) for v in losses)
    median = sorted(seconds)[len(seconds) // 2]
    print(json.dumps({'case': a.case, 'chains': a.chains, 'draws': a.draws, 'batch': batch, 'rows': n,
                      'seconds': median, 'draws_per_s': a.chains * a.draws / median,
                      'torch_version': torch.__version__, 'threads': torch.get_num_threads()}))


if __name__ == '__main__':
    main()

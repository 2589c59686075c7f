#!/usr/bin/env python3
"""PyTorch CPU reference for `l0SweepBench`: Sparse but Wrong's L0 sweep on its large toy, timed.

The same sweep as src/engine/diagnostics/l0/sweep.ts with its defaults (spec section 3.2 and target T3):
  data   the large toy: 50 orthonormal features in 100 dims, p_i = 0.345 (49 - i) / 50 + 0.05, magnitudes
         ReLU(N(1, 0.15)), firing correlated through a Gaussian copula whose correlation matrix follows the paper's
         random algorithm (seeded here by torch, so not the engine's matrix); steps x batch rows generated once and
         reused by every SAE
  SAEs   one BatchTopK SAE per k, d_sae 50, SAELens v6.11 conventions: W_dec rows of norm 0.1, W_enc = W_dec^T,
         zero biases, x - b_dec at the input, the k*B largest ReLU activations of the flattened batch, loss
         sum_d (x_hat - x)^2 averaged over the batch plus AuxK on latents dead for 1000 steps, gradient norm clipped
         to 1, Adam (0.9, 0.999) at lr 1e-3, running threshold 0.99 theta + 0.01 min(a > 0)
  scores the decoder pairwise cosine c_dec of each SAE

The SAEs train one after another, as the paper's code does. Prints one JSON line with the timings and scores.
"""
import argparse
import json
import math
import os
import time

import torch


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ks", default="5,7,9,10,11,12,13,14,15,16,18", help="comma-separated k of the SAEs")
    p.add_argument("--steps", type=int, default=4000)
    p.add_argument("--batch", type=int, default=1024)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args()


FEATURES, D, WIDTH, DEAD_WINDOW = 50, 100, 50, 1000


def random_correlation(g, generator, lo=0.3, hi=0.9, sparsity=0.3, positive_ratio=0.5):
    """Spec 2.2: signed random entries on a random subset of pairs, made positive semi-definite, unit diagonal."""
    pairs = [(i, j) for i in range(g) for j in range(i + 1, g)]
    n_corr = len(pairs) - math.floor(len(pairs) * sparsity)
    chosen = torch.randperm(len(pairs), generator=generator)[:n_corr].tolist()
    m = torch.eye(g, dtype=torch.float64)
    n_positive = math.floor(n_corr * positive_ratio)
    strengths = lo + (hi - lo) * torch.rand(n_corr, generator=generator, dtype=torch.float64)
    for rank, index in enumerate(chosen):
        i, j = pairs[index]
        value = strengths[rank] if rank < n_positive else -strengths[rank]
        m[i, j] = m[j, i] = value
    eigenvalues, vectors = torch.linalg.eigh(m)
    m = vectors @ torch.diag(eigenvalues.clamp(min=1e-6)) @ vectors.T
    scale = m.diagonal().sqrt()
    m = m / scale[:, None] / scale[None, :]
    m.fill_diagonal_(1.0)
    return m


def toy_rows(rows, generator):
    """Spec 2.1: copula firing, ReLU(N(1, 0.15)) magnitudes, x = m @ F with orthonormal F."""
    p = 0.345 * (FEATURES - 1 - torch.arange(FEATURES, dtype=torch.float64)) / FEATURES + 0.05
    thresholds = torch.distributions.Normal(0.0, 1.0).icdf(1 - p)
    factor = torch.linalg.cholesky(random_correlation(FEATURES, generator))
    features = torch.linalg.qr(torch.randn(D, FEATURES, generator=generator))[0].T.contiguous().float()
    out = torch.empty(rows, D)
    chunk = 65536
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        z = torch.randn(n, FEATURES, generator=generator, dtype=torch.float64) @ factor.T
        fired = (z > thresholds).float()
        magnitudes = torch.relu(fired * (1 + 0.15 * torch.randn(n, FEATURES, generator=generator)))
        out[start:start + n] = magnitudes @ features
    return out


class BatchTopKSae:
    def __init__(self, k, lr, generator):
        bound = 1 / D**0.5
        w_dec = torch.empty(WIDTH, D).uniform_(-bound, bound, generator=generator)
        w_dec *= 0.1 / w_dec.norm(dim=1, keepdim=True)
        self.W_dec = w_dec.requires_grad_()
        self.W_enc = w_dec.detach().t().contiguous().requires_grad_()
        self.b_enc = torch.zeros(WIDTH, requires_grad=True)
        self.b_dec = torch.zeros(D, requires_grad=True)
        self.params = [self.W_enc, self.b_enc, self.W_dec, self.b_dec]
        self.optimizer = torch.optim.Adam(self.params, lr=lr, betas=(0.9, 0.999))
        self.k = k
        self.since_fired = torch.zeros(WIDTH)
        self.threshold = 0.0

    def aux_loss(self, x, x_hat, pre):
        dead = self.since_fired > DEAD_WINDOW
        num_dead = int(dead.sum())
        if num_dead == 0:
            return x_hat.new_tensor(0.0)
        residual = (x - x_hat).detach()
        k_aux = D // 2
        scale = min(num_dead / k_aux, 1.0)
        k_aux = min(k_aux, num_dead)
        top = torch.where(dead[None], pre, -torch.inf).topk(k_aux, sorted=False)
        aux_acts = torch.zeros_like(pre).scatter_(-1, top.indices, top.values)
        return scale * (aux_acts @ self.W_dec + self.b_dec - residual).pow(2).sum(-1).mean()

    def step(self, x):
        pre = (x - self.b_dec) @ self.W_enc + self.b_enc
        relu = pre.relu().flatten()
        top = relu.topk(int(self.k * x.shape[0]), sorted=False)
        acts = torch.zeros_like(relu).scatter(-1, top.indices, top.values).view_as(pre)
        x_hat = acts @ self.W_dec + self.b_dec
        loss = (x_hat - x).pow(2).sum(-1).mean() + self.aux_loss(x, x_hat, pre)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.params, 1.0)
        self.optimizer.step()
        with torch.no_grad():
            fired = (acts > 0).sum(0)
            self.since_fired += 1
            self.since_fired[fired > 0] = 0
            active = acts[acts > 0]
            if active.numel() > 0:
                self.threshold = 0.99 * self.threshold + 0.01 * float(active.min())

    def pairwise_cosine(self):
        with torch.no_grad():
            unit = self.W_dec / self.W_dec.norm(dim=1, keepdim=True)
            cos = (unit @ unit.T).abs()
            return float(cos.triu(1).sum() / (WIDTH * (WIDTH - 1) / 2))


def main():
    a = parse_args()
    torch.set_num_threads(a.threads)
    generator = torch.Generator().manual_seed(a.seed)
    ks = [float(k) for k in a.ks.split(",")]
    t0 = time.perf_counter()
    rows = toy_rows(a.steps * a.batch, generator)
    t_data = time.perf_counter() - t0
    c_dec, seconds = [], []
    for k in ks:
        start = time.perf_counter()
        sae = BatchTopKSae(k, a.lr, torch.Generator().manual_seed(a.seed))
        for step in range(a.steps):
            sae.step(rows[step * a.batch:(step + 1) * a.batch])
        seconds.append(time.perf_counter() - start)
        c_dec.append(sae.pairwise_cosine())
    print(json.dumps({
        "seconds_total": time.perf_counter() - t0,
        "seconds_data": t_data,
        "seconds_per_sae": seconds,
        "ks": ks,
        "c_dec": c_dec,
        "steps": a.steps,
        "batch": a.batch,
        "threads": torch.get_num_threads(),
        "torch_version": torch.__version__,
    }))


if __name__ == "__main__":
    main()

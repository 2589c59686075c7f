#!/usr/bin/env python3
"""PyTorch CPU reference for `saescope bench`: one SAELens TopK SAE training step, timed.

The step is the maths of the engine's TopK training graph (src/engine/sae/arch/topk.ts and auxk.ts):
  pre   = (x - b_dec) @ W_enc + b_enc
  acts  = ReLU of the k largest entries of pre per row, zeros elsewhere
  x_hat = acts @ W_dec + b_dec
  loss  = sum_d (x_hat - x)^2 averaged over the batch  +  AuxK loss on dead latents
followed by backward, global grad-norm clipping at 1.0 and Adam, plus SAELens' per-step bookkeeping
(steps since each latent fired, L0, explained variance, loss read back to the host).

AuxK follows SAELens' calculate_topk_aux_loss, which skips the branch when no latent is dead.

Prints one JSON line: {"ms_per_step", "tokens_per_s", "torch_version", "threads", "blas", ...}.
"""
import argparse
import json
import os
import statistics
import time

import torch


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--d-in", type=int, default=768)
    p.add_argument("--d-sae", type=int, default=16384)
    p.add_argument("--k", type=int, default=64)
    p.add_argument("--batch", type=int, default=4096)
    p.add_argument("--steps", type=int, default=5, help="timed steps (the median is reported)")
    p.add_argument("--warmup", type=int, default=1, help="untimed steps first")
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="intra-op threads (default: all cores)")
    p.add_argument("--dead-window", type=int, default=1000, help="steps without firing before a latent counts as dead")
    p.add_argument("--lr", type=float, default=3e-4)
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args()


def blas_name():
    """The BLAS library actually loaded (Debian's torch picks it at run time through alternatives)."""
    try:
        with open("/proc/self/maps") as maps:
            names = {os.path.basename(line.split()[-1]) for line in maps if "blas" in line.lower()}
        # Through alternatives the generic libblas.so.3 is a link to the real one; name the real one.
        specific = sorted(n for n in names if "blas" in n.lower() and not n.startswith("libblas."))
        if specific or names:
            return ", ".join(specific or sorted(names))
    except OSError:
        pass
    if torch.backends.mkl.is_available():
        return "mkl"
    return "unknown"


class TopKSae:
    def __init__(self, d_in, d_sae, k, dead_window, lr):
        # SAELens v6 initialisation: kaiming-uniform W_dec with rows of norm 0.1, W_enc = W_dec^T.
        bound = 1 / d_in**0.5
        w_dec = torch.empty(d_sae, d_in).uniform_(-bound, bound)
        w_dec *= 0.1 / w_dec.norm(dim=1, keepdim=True)
        self.W_dec = w_dec.requires_grad_()
        self.W_enc = w_dec.detach().t().contiguous().requires_grad_()
        self.b_enc = torch.zeros(d_sae, requires_grad=True)
        self.b_dec = torch.zeros(d_in, requires_grad=True)
        self.params = [self.W_enc, self.b_enc, self.W_dec, self.b_dec]
        self.optimizer = torch.optim.Adam(self.params, lr=lr, betas=(0.9, 0.999), eps=1e-8)
        self.k = k
        self.dead_window = dead_window
        self.since_fired = torch.zeros(d_sae)

    def decode(self, acts):
        return acts @ self.W_dec + self.b_dec

    def aux_loss(self, x, x_hat, pre, dead):
        num_dead = int(dead.sum())
        if num_dead == 0:
            return x_hat.new_tensor(0.0)
        residual = (x - x_hat).detach()
        k_aux = x.shape[-1] // 2
        scale = min(num_dead / k_aux, 1.0)
        k_aux = min(k_aux, num_dead)
        top = torch.where(dead[None], pre, -torch.inf).topk(k_aux, sorted=False)
        aux_acts = torch.zeros_like(pre).scatter_(-1, top.indices, top.values)
        return scale * (self.decode(aux_acts) - residual).pow(2).sum(-1).mean()

    def step(self, x):
        pre = (x - self.b_dec) @ self.W_enc + self.b_enc
        top = pre.topk(self.k, dim=-1)
        acts = torch.zeros_like(pre).scatter(-1, top.indices, top.values.relu())
        x_hat = self.decode(acts)
        mse = (x_hat - x).pow(2).sum(-1).mean()
        loss = mse + self.aux_loss(x, x_hat, pre, self.since_fired > self.dead_window)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.params, 1.0)
        self.optimizer.step()
        with torch.no_grad():
            fired = (acts > 0).sum(0)
            self.since_fired += 1
            self.since_fired[fired > 0] = 0
            l0 = fired.sum() / x.shape[0]
            centred = x - x.mean(0, keepdim=True)
            explained = 1 - (x - x_hat).pow(2).sum() / centred.pow(2).sum()
        return loss.item(), float(l0), float(explained)


def main():
    a = parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    sae = TopKSae(a.d_in, a.d_sae, a.k, a.dead_window, a.lr)
    # A few distinct batches, so each step is fed fresh data as in training.
    batches = [torch.randn(a.batch, a.d_in) for _ in range(4)]
    for i in range(a.warmup):
        sae.step(batches[i % len(batches)])
    times = []
    for i in range(a.steps):
        t0 = time.perf_counter()
        sae.step(batches[i % len(batches)])
        times.append(time.perf_counter() - t0)
    ms = statistics.median(times) * 1000
    print(json.dumps({
        "ms_per_step": ms,
        "tokens_per_s": a.batch / (ms / 1000),
        "torch_version": torch.__version__,
        "threads": torch.get_num_threads(),
        "blas": blas_name(),
        "d_in": a.d_in,
        "d_sae": a.d_sae,
        "k": a.k,
        "batch": a.batch,
        "steps": a.steps,
    }))


if __name__ == "__main__":
    main()

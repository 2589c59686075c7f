import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SgldSampler, SgldSamplerOptions } from '../diagnostics/slt/chains';
import { deepLinearSampling } from '../diagnostics/slt/deepLinearSampling';
import { leastSquares } from '../diagnostics/slt/leastSquares';
import { regressionSampling } from '../diagnostics/slt/regressionSampling';
import { hierarchicalData } from '../toys/models/hierarchicalData';
import { linearRegressionData } from '../toys/models/regression/regressionData';
import { linearRegressionModel } from '../toys/models/regression/regressionModels';
import { Rng } from '../util/random';
import { checkoutRoot } from './benchPaths';

const run = promisify(execFile);
const TORCH_SCRIPT = join('bench', 'torch_sgld.py');
const PYTHONS = ['/usr/bin/python3', 'python3'];

export interface SgldDrawsFigure {
  /** linear: d = 10, n = 1000, batch 32; deep-linear: the 8-item hierarchy, H = 16, full batch. */
  case: 'linear' | 'deep-linear';
  chains: number;
  draws: number;
  batch: number;
  /** Draws (= SGLD steps, one draw per step) per second over all chains, median of the repeats; the sampler's compile time apart. */
  oursDrawsPerSecond: number;
  compileSeconds: number;
  torch: { drawsPerSecond: number; torchVersion: string; threads: number; python: string } | { skipped: string };
  /** ours ÷ torch (the target is ≥ 2). */
  speedup?: number;
}

function cases(): { name: SgldDrawsFigure['case']; options: SgldSamplerOptions }[] {
  const data = linearRegressionData(new Rng(0), 1000, 10, 0.5);
  const w = Float32Array.from(leastSquares(data.x, data.y, 1000, 10, 1));
  const tree = hierarchicalData(3);
  const rng = new Rng(0);
  const dln = { w1: rng.fillNormal(new Float32Array(16 * 8), 0.1), w2: rng.fillNormal(new Float32Array(tree.features.length * 16), 0.1) };
  return [
    { name: 'linear', options: { ...regressionSampling(linearRegressionModel(10), data, { w }), batch: 32 } },
    { name: 'deep-linear', options: { ...deepLinearSampling(tree, 16, dln), batch: 8 } },
  ];
}

/**
 * SGLD draws per second of the engine's sampler (4 chains side by side in one graph, 50 steps per ORT run, one
 * thread) beside bench/torch_sgld.py, the same sampler in PyTorch on the CPU (chains one after another, one thread),
 * in the same run. ε 1e-4, γ 1, nβ n/ln n, one draw per step, no burn-in.
 */
export async function sgldDrawsBench(o: { quick?: boolean; log?: (line: string) => void } = {}): Promise<SgldDrawsFigure[]> {
  const log = o.log ?? (() => {});
  const chains = 4, draws = o.quick ? 200 : 5000, repeats = o.quick ? 1 : 3;
  const figures: SgldDrawsFigure[] = [];
  for (const c of cases()) {
    const started = performance.now();
    const sampler = await SgldSampler.create({ ...c.options, chains, localization: 1 });
    const compileSeconds = (performance.now() - started) / 1000;
    const seconds: number[] = [];
    try {
      await sampler.run({ epsilon: 1e-4, burnIn: 0, draws: 100 });
      for (let r = 0; r < repeats; r++) {
        const t = performance.now();
        await sampler.run({ epsilon: 1e-4, burnIn: 0, draws, seed: r });
        seconds.push((performance.now() - t) / 1000);
      }
    } finally {
      await sampler.release();
    }
    const median = seconds.sort((a, b) => a - b)[Math.floor(seconds.length / 2)];
    const torch = await torchSgld(c.name, chains, o.quick ? 200 : 2000, repeats);
    const figure: SgldDrawsFigure = { case: c.name, chains, draws, batch: sampler.batch, oursDrawsPerSecond: (chains * draws) / median, compileSeconds, torch };
    if ('drawsPerSecond' in torch) figure.speedup = figure.oursDrawsPerSecond / torch.drawsPerSecond;
    log(`(sgld) SGLD ${c.name} (${chains} chains, batch ${figure.batch}): ${Math.round(figure.oursDrawsPerSecond).toLocaleString('en')} draws/s (compile ${compileSeconds.toFixed(2)} s); ` +
      ('drawsPerSecond' in torch ? `PyTorch ${Math.round(torch.drawsPerSecond).toLocaleString('en')} draws/s, ${figure.speedup!.toFixed(1)}× (target ≥ 2×)` : `PyTorch skipped: ${torch.skipped}`));
    figures.push(figure);
  }
  return figures;
}

async function torchSgld(name: string, chains: number, draws: number, repeats: number): Promise<SgldDrawsFigure['torch']> {
  const root = checkoutRoot();
  if (!root) return { skipped: `${TORCH_SCRIPT} is not beside this build` };
  const failures: string[] = [];
  for (const python of [process.env.SAESCOPE_PYTHON, ...PYTHONS].filter((p): p is string => !!p)) {
    try {
      await run(python, ['-c', 'import torch'], { timeout: 120_000 });
    } catch (err) {
      failures.push(`${python}: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    try {
      const { stdout } = await run(python, [join(root, TORCH_SCRIPT), '--case', name, '--chains', String(chains), '--draws', String(draws), '--repeats', String(repeats), '--threads', '1'], { timeout: 3_600_000 });
      const r = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { draws_per_s: number; torch_version: string; threads: number };
      if (!(r.draws_per_s > 0)) throw new Error(`printed no draws_per_s: ${stdout}`);
      return { drawsPerSecond: r.draws_per_s, torchVersion: r.torch_version, threads: r.threads, python };
    } catch (err) {
      return { skipped: `${TORCH_SCRIPT} failed under ${python}: ${(err as Error).message.split('\n')[0]}` };
    }
  }
  return { skipped: `no Python here imports torch (${failures.join('; ')})` };
}

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_L0S, runL0Sweep } from '../diagnostics/l0/sweep';

const run = promisify(execFile);

/** The PyTorch reference of the sweep, relative to the checkout. */
const TORCH_SCRIPT = join('bench', 'torch_l0_sweep.py');
/** Environment variable naming the Python to run the reference with, tried before the usual names. */
const PYTHON_ENV = 'SAESCOPE_PYTHON';
/** Debian's python3-torch is installed for the system Python, which a version manager may shadow on PATH. */
const PYTHONS = ['/usr/bin/python3', 'python3'];

export interface L0SweepBenchOptions {
  /** A short sweep (few steps, three SAEs): a smoke run, not figures to report. */
  quick?: boolean;
  log?: (line: string) => void;
}

export interface L0SweepBenchReport {
  /** The sweep timed: the large toy, one BatchTopK SAE per k, d_sae 50, steps × batch rows at lr 1e-3. */
  sweep: { data: string; ks: number[]; steps: number; batch: number };
  cpus: number;
  ours: {
    /** Wall time of each run, data generation to recommendation, and their median. */
    seconds: number[];
    medianSeconds: number;
    /** CPU time of the process (all threads) in the median run. */
    cpuSeconds: number;
    recommendedL0: number | undefined;
    cDec: number[];
  };
  torch: { seconds: number; dataSeconds: number; cDec: number[]; torchVersion: string; threads: number; python: string } | { skipped: string };
  /** torch seconds / our median seconds. */
  speedup?: number;
}

const FULL = { steps: 4000, ks: [...DEFAULT_L0S], repeats: 3 };
const QUICK = { steps: 200, ks: [5, 11, 16], repeats: 1 };
const BATCH = 1024;

/**
 * The speed target: Sparse but Wrong's default L0 sweep on the large toy (11 BatchTopK SAEs, 4000 steps ×
 * 1024 rows each) timed end to end, the median of `repeats` runs, then the same sweep in PyTorch on the CPU
 * (bench/torch_l0_sweep.py) with as many threads, skipped with the reason where no Python here imports torch.
 */
export async function l0SweepBench(o: L0SweepBenchOptions = {}): Promise<L0SweepBenchReport> {
  const log = o.log ?? (() => {});
  const size = o.quick ? QUICK : FULL;
  const cpus = availableParallelism();
  const sweep = { data: 'toy:large', ks: size.ks, steps: size.steps, batch: BATCH };
  const runs: { seconds: number; cpuSeconds: number; recommendedL0: number | undefined; cDec: number[] }[] = [];
  for (let i = 0; i < size.repeats; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const r = await runL0Sweep({ data: sweep.data, l0s: sweep.ks, steps: sweep.steps, batch: BATCH, lr: 1e-3, seed: 0 });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    runs.push({ seconds, cpuSeconds: (used.user + used.system) / 1e6, recommendedL0: r.recommended?.l0, cDec: r.entries.map((e) => e.cDec) });
    log(`L0 sweep, ${sweep.ks.length} BatchTopK SAEs × ${sweep.steps} steps × ${BATCH} rows on ${sweep.data}, run ${i + 1}/${size.repeats}: ${seconds.toFixed(1)} s (CPU ${runs[i].cpuSeconds.toFixed(1)} s on ${cpus} CPUs), recommended L0 ${r.recommended?.l0}`);
  }
  const median = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
  const ours = { seconds: runs.map((r) => r.seconds), medianSeconds: median.seconds, cpuSeconds: median.cpuSeconds, recommendedL0: median.recommendedL0, cDec: median.cDec };

  const torch = await torchSweep(sweep, cpus);
  if ('skipped' in torch) {
    log(`PyTorch reference of the sweep: skipped, ${torch.skipped}`);
    return { sweep, cpus, ours, torch };
  }
  const speedup = torch.seconds / ours.medianSeconds;
  log(`PyTorch reference (torch ${torch.torchVersion}, ${torch.threads} threads): ${torch.seconds.toFixed(1)} s (data ${torch.dataSeconds.toFixed(1)} s); ours ${ours.medianSeconds.toFixed(1)} s, ${speedup.toFixed(1)}× faster`);
  return { sweep, cpus, ours, torch, speedup };
}

async function torchSweep(sweep: { ks: number[]; steps: number; batch: number }, threads: number): Promise<Exclude<L0SweepBenchReport['torch'], undefined>> {
  const script = findScript();
  if (!script) return { skipped: `${TORCH_SCRIPT} is not beside this build` };
  const failures: string[] = [];
  const fromEnv = process.env[PYTHON_ENV];
  for (const python of fromEnv ? [fromEnv, ...PYTHONS] : PYTHONS) {
    try {
      await run(python, ['-c', 'import torch'], { timeout: 120_000 });
    } catch (err) {
      failures.push(`${python}: ${whyFailed(err)}`);
      continue;
    }
    const args = [script, '--ks', sweep.ks.join(','), '--steps', String(sweep.steps), '--batch', String(sweep.batch), '--threads', String(threads)];
    try {
      const { stdout } = await run(python, args, { timeout: 2 * 60 * 60 * 1000, maxBuffer: 16 * 1024 * 1024 });
      const r = JSON.parse(stdout.trim().split('\n').pop() ?? '') as Record<string, unknown>;
      return {
        seconds: Number(r.seconds_total),
        dataSeconds: Number(r.seconds_data),
        cDec: (r.c_dec as number[]) ?? [],
        torchVersion: String(r.torch_version),
        threads: Number(r.threads),
        python,
      };
    } catch (err) {
      return { skipped: `${TORCH_SCRIPT} failed under ${python}: ${whyFailed(err)}` };
    }
  }
  return { skipped: `no Python here imports torch (${failures.join('; ')}); install python3-torch or set ${PYTHON_ENV}` };
}

/** The script in the checkout this module runs from (source or bundle), found by walking up from it. */
function findScript(): string | undefined {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, TORCH_SCRIPT))) return join(dir, TORCH_SCRIPT);
    if (dirname(dir) === dir) return undefined;
  }
}

function whyFailed(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { stderr?: string };
  if (e.code === 'ENOENT') return 'not found';
  const lines = (e.stderr ?? '').trim().split('\n');
  return lines[lines.length - 1] || e.message;
}

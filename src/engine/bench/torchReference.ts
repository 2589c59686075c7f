import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { checkoutRoot, TORCH_SCRIPT } from './benchPaths';
import type { TopKStepSize } from './topkStep';

const run = promisify(execFile);

export interface TorchFigures {
  msPerStep: number;
  tokensPerS: number;
  torchVersion: string;
  threads: number;
  blas: string;
  python: string;
}

export interface Skipped {
  skipped: string;
}

/** Environment variable naming the Python to run the reference with, tried before the usual names. */
export const PYTHON_ENV = 'SAESCOPE_PYTHON';

/** Debian and Ubuntu install their python3-torch for the system Python, which a version manager may shadow on PATH. */
const PYTHONS = ['python3', '/usr/bin/python3'];

/** Long enough for the full-size reference on a slow, shared machine; it is a guard against a hung child. */
const RUN_TIMEOUT_MS = 60 * 60 * 1000;
const PROBE_TIMEOUT_MS = 120 * 1000;

/**
 * The PyTorch CPU reference of the TopK step (bench/torch_topk_step.py): same sizes, same maths, same threads.
 * Skipped, with the reason, where no Python can import torch, the script is not there or it fails.
 */
export async function torchTopkStep(size: TopKStepSize, steps: number, threads: number): Promise<TorchFigures | Skipped> {
  const root = checkoutRoot();
  if (!root) return { skipped: `${TORCH_SCRIPT} is not beside this build` };
  const python = await findTorchPython();
  if (typeof python !== 'string') return python;
  const args = [join(root, TORCH_SCRIPT), '--d-in', size.dIn, '--d-sae', size.dSae, '--k', size.k, '--batch', size.batch, '--steps', steps, '--threads', threads];
  try {
    const { stdout } = await run(python, args.map(String), { timeout: RUN_TIMEOUT_MS });
    return { ...parseFigures(stdout, size), python };
  } catch (err) {
    return { skipped: `${TORCH_SCRIPT} failed under ${python}: ${whyFailed(err)}` };
  }
}

/** The first Python that imports torch, or why there is none. */
async function findTorchPython(): Promise<string | Skipped> {
  const fromEnv = process.env[PYTHON_ENV];
  const candidates = fromEnv ? [fromEnv, ...PYTHONS] : PYTHONS;
  const failures: string[] = [];
  for (const python of candidates) {
    try {
      await run(python, ['-c', 'import torch'], { timeout: PROBE_TIMEOUT_MS });
      return python;
    } catch (err) {
      failures.push(`${python}: ${whyFailed(err)}`);
    }
  }
  return { skipped: `no Python here imports torch (${failures.join('; ')}); install PyTorch or set ${PYTHON_ENV}` };
}

function whyFailed(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { stderr?: string };
  if (e.code === 'ENOENT') return 'not found';
  const lines = (e.stderr ?? '').trim().split('\n');
  return lines[lines.length - 1] || e.message;
}

/** The script's JSON line, checked against the sizes it was asked for. */
export function parseFigures(stdout: string, size: TopKStepSize): Omit<TorchFigures, 'python'> {
  const line = stdout.trim().split('\n').pop() ?? '';
  const r = JSON.parse(line) as Record<string, unknown>;
  const num = (key: string) => {
    if (typeof r[key] !== 'number' || !Number.isFinite(r[key])) throw new Error(`${TORCH_SCRIPT} printed no number ${key}: ${line}`);
    return r[key];
  };
  const str = (key: string) => (typeof r[key] === 'string' ? r[key] : 'unknown');
  for (const [key, want] of [['d_in', size.dIn], ['d_sae', size.dSae], ['k', size.k], ['batch', size.batch]] as const) {
    if (num(key) !== want) throw new Error(`${TORCH_SCRIPT} ran ${key} ${String(r[key])}, not ${want}`);
  }
  return { msPerStep: num('ms_per_step'), tokensPerS: num('tokens_per_s'), torchVersion: str('torch_version'), threads: num('threads'), blas: str('blas') };
}

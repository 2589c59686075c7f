import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEEP_LINEAR_DEFAULTS, trainDeepLinear } from '../../toys/models/deepLinearPreset';
import { readToyRun, type ToyRun } from '../stages/toyRun';

export interface HierarchyRunOptions {
  seed: number;
  /** Checkpoint interval in steps (default 100, the spec's spacing). */
  every?: number;
  steps?: number;
  /** Keep the run here; otherwise it lives in a temporary folder removed after `use`. */
  outDir?: string;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * Train the default `dln` toy (the spec's hierarchy run: 8 items, H = 16, lr 0.02, 3 000 steps), checkpoint it
 * every `every` steps, and hand the run to `use`.
 */
export async function withHierarchyRun<T>(o: HierarchyRunOptions, use: (run: ToyRun) => Promise<T>): Promise<T> {
  const dir = o.outDir ?? (await mkdtemp(join(tmpdir(), 'saescope-hierarchy-')));
  try {
    const trained = await trainDeepLinear('dln', DEEP_LINEAR_DEFAULTS, { seed: o.seed, steps: o.steps, outDir: dir, checkpointEvery: o.every ?? 100, log: o.log, signal: o.signal });
    if (trained.cancelled) throw new Error('cancelled');
    return await use(await readToyRun(dir));
  } finally {
    if (!o.outDir) await rm(dir, { recursive: true, force: true });
  }
}

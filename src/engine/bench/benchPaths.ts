import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The PyTorch reference script, relative to the checkout. */
export const TORCH_SCRIPT = join('bench', 'torch_topk_step.py');

/**
 * The checkout the engine runs from (the folder holding bench/), found from this module's own location so it
 * works from the source (src/engine/bench) and from the bundle (dist/); undefined for a copy without bench/.
 */
export function checkoutRoot(): string | undefined {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, TORCH_SCRIPT))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Where large bench inputs are kept between runs: the checkout's ignored .cache/bench, else the temp folder. */
export function benchCacheDir(): string {
  const root = checkoutRoot();
  return root ? join(root, '.cache', 'bench') : join(tmpdir(), 'saescope-bench');
}

/**
 * Node arguments that start this build's command-line tool: the bundle beside this one (every bundle lives in
 * dist/ next to cli.js), or the TypeScript source through tsx when the engine runs from source (tests).
 */
export function cliArgs(): string[] {
  if (__filename.endsWith('.ts')) return ['--import', 'tsx', join(__dirname, '..', '..', 'cli', 'main.ts')];
  return [join(__dirname, 'cli.js')];
}

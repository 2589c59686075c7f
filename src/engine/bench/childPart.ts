import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { checkoutRoot, cliArgs } from './benchPaths';

/**
 * Names the one bench part a `saescope bench` process runs when another bench started it for that part.
 * The command line has no flag for it, since only the bench itself starts such a process.
 */
const CHILD_PART_ENV = 'SAESCOPE_BENCH_CHILD_PART';

/** The part this process was started to run alone, if it was. */
export function childPart(): string | undefined {
  return process.env[CHILD_PART_ENV] || undefined;
}

/**
 * Runs `saescope bench --json` in a fresh Node process that runs only `part`, forwarding its progress lines,
 * and returns the JSON report it prints. For figures that are process-wide, like peak RSS.
 */
export function runPartInChild(part: string, quick: boolean, log: (line: string) => void): Promise<unknown> {
  const args = [...cliArgs(), 'bench', '--json', ...(quick ? ['--quick'] : [])];
  const child = spawn(process.execPath, args, {
    cwd: checkoutRoot(),
    env: { ...process.env, [CHILD_PART_ENV]: part },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let lastLine = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  createInterface({ input: child.stderr }).on('line', (line) => {
    lastLine = line;
    log(`  ${line}`);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(stdout));
      else reject(new Error(`the bench process for ${part} exited with code ${code}: ${lastLine}`));
    });
  });
}

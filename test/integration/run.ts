// Runs test/integration/suite inside a VS Code Extension Development Host through @vscode/test-electron.
// VS Code comes from SAESCOPE_VSCODE_EXECUTABLE, or is downloaded into .vscode-test/; where neither can be had (an
// offline machine), the suite is skipped with the reason. The end-to-end suite (test/e2e) covers the UI offline.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '../..');
const out = path.join(root, 'out', 'integration');
const suites = ['index', 'activation.test', 'inspector.test'];

async function vscodeExecutable(): Promise<string | { skip: string }> {
  const given = process.env.SAESCOPE_VSCODE_EXECUTABLE;
  if (given) return given;
  try {
    return await downloadAndUnzipVSCode({ version: process.env.SAESCOPE_VSCODE_VERSION ?? 'stable', timeout: 20_000 });
  } catch (e) {
    return { skip: `VS Code could not be downloaded (${e instanceof Error ? e.message : String(e)}); set SAESCOPE_VSCODE_EXECUTABLE to a VS Code binary to run it` };
  }
}

/** Electron needs a display: use the one there is, else xvfb-run when it is installed. */
function displayWrapper(): string[] | { skip: string } {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return [];
  if (spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' }).error === undefined) return ['xvfb-run', '-a'];
  return { skip: 'no display, and xvfb-run is not installed' };
}

async function main(): Promise<void> {
  const display = displayWrapper();
  if (!Array.isArray(display)) return console.log(`integration suite skipped: ${display.skip}`);
  if (display.length > 0 && !process.env.SAESCOPE_INTEGRATION_UNDER_XVFB) {
    const again = spawnSync(display[0], [...display.slice(1), process.execPath, ...process.execArgv, __filename], {
      stdio: 'inherit',
      env: { ...process.env, SAESCOPE_INTEGRATION_UNDER_XVFB: '1' },
    });
    process.exit(again.status ?? 1);
  }
  const executable = await vscodeExecutable();
  if (typeof executable !== 'string') return console.log(`integration suite skipped: ${executable.skip}`);
  // The Extension Development Host loads dist/: build only once the suite will really run.
  if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error('npm run build failed');

  await esbuild.build({
    entryPoints: suites.map((name) => ({ in: path.join(__dirname, 'suite', `${name}.ts`), out: name })),
    outdir: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const scratch = mkdtempSync(path.join(tmpdir(), 'saescope-integration-'));
  try {
    const workspace = path.join(scratch, 'workspace');
    cpSync(path.join(root, 'test', 'fixtures', 'sae', 'saelens'), workspace, { recursive: true });
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(out, 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust', `--user-data-dir=${path.join(scratch, 'user-data')}`],
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

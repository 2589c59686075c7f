import { execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, repoRoot } from './paths';
import { spawnGroup, stopGroup } from './processGroup';

/** code-server as scripts/e2e-setup.sh installs it; run with this Node, the version it was built for. */
const entry = path.join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Where one code-server keeps its state. */
export interface CodeServerDirs {
  /** Settings, window state, logs (`logs/<time>/exthost1/…` holds our output channel). */
  userDataDir: string;
  extensionsDir: string;
}

/** User settings that keep first-run pages and trust prompts from covering the editor. */
export const quietSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
};

export interface CodeServer {
  /** The server's root URL, e.g. http://127.0.0.1:41669/ */
  url: string;
  pid: number;
  /** A URL that opens `folder` in the workbench. */
  folderUrl(folder: string): string;
  /** Stops code-server and everything it started (extension hosts, the engine worker). */
  stop(): Promise<void>;
  /** Settles with the exit code when code-server exits, whoever stopped it. */
  exited: Promise<number | null>;
}

export interface StartOptions extends CodeServerDirs {
  /** code-server's output goes here. */
  logFile: string;
  /** 0 (the default) lets the system pick a free port. */
  port?: number;
  startTimeoutMs?: number;
}

function requireInstalled(): void {
  if (!existsSync(entry)) throw new Error('code-server is not installed: run `bash scripts/e2e-setup.sh`');
}

export async function writeUserSettings(userDataDir: string, settings: Record<string, unknown> = quietSettings): Promise<void> {
  const dir = path.join(userDataDir, 'User');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/** Installs a VSIX the way a user would (`code-server --install-extension`). */
export async function installVsix(vsix: string, dirs: CodeServerDirs): Promise<void> {
  requireInstalled();
  const config = await writeConfig(dirs.userDataDir);
  const args = [entry, '--config', config, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir];
  await promisify(execFile)(process.execPath, [...args, '--install-extension', vsix]);
}

/** Without a config file of its own, code-server writes one with a password into the user's home. */
async function writeConfig(userDataDir: string): Promise<string> {
  const config = path.join(userDataDir, 'code-server.yaml');
  await mkdir(userDataDir, { recursive: true });
  await writeFile(config, 'auth: none\n');
  return config;
}

/**
 * Installs this checkout unpacked: a `<publisher>.<name>-<version>` folder whose entries link back to the repo,
 * so `npm run watch` plus "Developer: Reload Window" picks up every rebuild. The manifest is copied, not linked:
 * VS Code's extension scanner skips a folder whose package.json is a symbolic link, so manifest changes need
 * this to run again.
 */
export async function linkCheckout(extensionsDir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, string>;
  const folder = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  await rm(extensionsDir, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  for (const name of ['README.md', 'LICENSE', 'dist', 'media', 'node_modules']) {
    if (existsSync(path.join(repoRoot, name))) await symlink(path.join(repoRoot, name), path.join(folder, name));
  }
  await copyFile(path.join(repoRoot, 'package.json'), path.join(folder, 'package.json'));
  return folder;
}

export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  requireInstalled();
  const { userDataDir, extensionsDir, logFile, port = 0, startTimeoutMs = 60_000 } = options;
  await mkdir(path.dirname(logFile), { recursive: true });
  const config = await writeConfig(userDataDir);
  const args = [
    entry,
    '--config', config,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
  const env = { ...process.env };
  delete env.PORT; // code-server lets $PORT override --bind-addr
  const child = spawnGroup(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  try {
    const url = await listeningUrl(child, startTimeoutMs);
    return {
      url,
      pid: child.pid!,
      folderUrl: (folder) => `${url}?folder=${encodeURIComponent(folder).replaceAll('%2F', '/')}`,
      stop: () => stopGroup(child),
      exited,
    };
  } catch (e) {
    await stopGroup(child);
    const output = await readFile(logFile, 'utf8').catch(() => '');
    throw new Error(`${(e as Error).message}\ncode-server's output (${logFile}):\n${output.slice(-4000)}`);
  }
}

/** Waits for code-server's "HTTP server listening on <url>" line. */
function listeningUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /HTTP server listening on (http:\/\/\S+?\/?)\s/.exec(seen);
      if (match) finish(() => resolve(match[1].endsWith('/') ? match[1] : `${match[1]}/`));
    };
    const onExit = (code: number | null) => finish(() => reject(new Error(`code-server exited (code ${code}) before it listened`)));
    const timer = setTimeout(() => finish(() => reject(new Error(`code-server did not listen within ${timeoutMs} ms`))), timeoutMs);
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      settle();
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

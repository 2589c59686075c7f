import { existsSync } from 'node:fs';
import { cp, mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { installVsix, startCodeServer, writeUserSettings, type CodeServer, type CodeServerDirs } from '../../../scripts/lib/codeServer';
import { repoRoot } from '../../../scripts/lib/paths';
import { artifactsDir } from './artifacts';

/** The VSIX `npm run package` builds for this machine, or the one SAESCOPE_E2E_VSIX names. */
async function vsixPath(): Promise<string> {
  if (process.env.SAESCOPE_E2E_VSIX) return path.resolve(process.env.SAESCOPE_E2E_VSIX);
  const { name, version } = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, string>;
  return path.join(repoRoot, 'out', 'vsix', `${name}-${version}-${process.platform}-${process.arch}.vsix`);
}

export interface E2eCodeServer extends CodeServer {
  dirs: CodeServerDirs;
  /** Copies code-server's logs (extension host, our output channel) into the artifacts. */
  saveLogs(): Promise<void>;
}

/** code-server with fresh state under `root` and the packaged extension installed as a user would install it. */
export async function startE2eCodeServer(root: string): Promise<E2eCodeServer> {
  const vsix = await vsixPath();
  if (!existsSync(vsix)) throw new Error(`${vsix} not found: build it with \`npm run package\` (\`npm run test:e2e\` does)`);
  const dirs = { userDataDir: path.join(root, 'user-data'), extensionsDir: path.join(root, 'extensions') };
  await mkdir(dirs.extensionsDir, { recursive: true });
  await writeUserSettings(dirs.userDataDir);
  await installVsix(vsix, dirs);
  const server = await startCodeServer({ ...dirs, logFile: path.join(artifactsDir, 'code-server.log') });
  return {
    ...server,
    dirs,
    async saveLogs() {
      const logs = path.join(dirs.userDataDir, 'logs');
      if (existsSync(logs)) await cp(logs, path.join(artifactsDir, 'logs'), { recursive: true });
    },
  };
}

import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { clearArtifacts } from './artifacts';
import { launchBrowser, type BrowserHandle } from './browser';
import { startE2eCodeServer, type E2eCodeServer } from './codeServer';
import { Workspaces } from './workspace';

/** One code-server and one browser serve the whole run; each test opens its own page on its own workspace. */
export interface Session {
  server: E2eCodeServer;
  browser: BrowserHandle;
  workspaces: Workspaces;
}

let current: Session | undefined;
let tempRoot: string | undefined;
const stops: (() => Promise<void>)[] = [];

export function session(): Session {
  if (!current) throw new Error('no e2e session: run e2e tests through test/e2e/.mocharc.json (npm run test:e2e)');
  return current;
}

// Ctrl-C or a CI timeout must not leave code-server or Chromium running: they are not in our process group.
const onSignal = () => void stopSession().finally(() => process.exit(130));

export async function startSession(): Promise<void> {
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  clearArtifacts();
  tempRoot = await mkdtemp(path.join(os.tmpdir(), 'saescope-e2e-'));
  const server = await startE2eCodeServer(path.join(tempRoot, 'code-server'));
  stops.push(async () => {
    await server.stop();
    await server.saveLogs();
  });
  const browser = await launchBrowser();
  stops.push(() => browser.stop());
  current = { server, browser, workspaces: new Workspaces(tempRoot) };
}

/** Stops the browser, then code-server, then removes the temporary state, whatever failed before. */
export async function stopSession(): Promise<void> {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  current = undefined;
  const errors: unknown[] = [];
  for (const stop of stops.splice(0).reverse()) await stop().catch((e: unknown) => errors.push(e));
  if (tempRoot) await rm(tempRoot, { recursive: true, force: true });
  if (errors.length > 0) throw errors[0];
}

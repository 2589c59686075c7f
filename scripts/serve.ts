// `npm start`, after setup and build: runs this checkout in code-server on a demo workspace until Ctrl-C.
// Usage: node --import tsx scripts/serve.ts [--port N] [--fresh]
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { linkCheckout, startCodeServer, writeUserSettings } from './lib/codeServer';
import { createDemoWorkspace } from './lib/demoWorkspace';
import { cacheDir } from './lib/paths';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, fresh: { type: 'boolean', default: false } } });
const workspace = path.join(cacheDir, 'demo-workspace');
// Kept between starts, so windows and layout come back as the user left them.
const state = path.join(cacheDir, 'code-server-state');
const dirs = { userDataDir: path.join(state, 'user-data'), extensionsDir: path.join(state, 'extensions') };

async function main(): Promise<void> {
  if (values.fresh) await rm(workspace, { recursive: true, force: true });
  if (!existsSync(workspace)) {
    console.log(`Making the demo workspace ${workspace} (toy data and SAEs, about a minute, once)`);
    await createDemoWorkspace(workspace, (line) => console.log(`  ${line}`));
  }
  await writeUserSettings(dirs.userDataDir);
  // Only this extension lives here: the folder is made afresh each start.
  await linkCheckout(dirs.extensionsDir);
  const logFile = path.join(state, 'code-server.log');
  const server = await startCodeServer({ ...dirs, logFile, port: Number(values.port) });

  console.log(`
SAE Scope is running in code-server (pid ${server.pid}). Open:

  ${server.folderUrl(workspace)}

Then F1 and type "SAE Scope". After a rebuild (npm run build, or npm run watch in another terminal), run
"Developer: Reload Window" to load it. code-server's log: ${logFile}
Press Ctrl-C to stop.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping code-server…');
    await server.stop();
    process.exit(0);
  };
  void server.exited.then((code) => {
    if (stopping) return;
    console.error(`code-server stopped by itself (exit code ${code}); see ${logFile}`);
    process.exit(1);
  });
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  console.error(`start: ${(e as Error).message}`);
  process.exit(1);
});

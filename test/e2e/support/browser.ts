import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; Playwright's own browser downloads are not reachable here. */
const executablePath = process.env.SAESCOPE_E2E_CHROMIUM ?? '/usr/bin/chromium';
const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BrowserHandle {
  browser: Browser;
  pid: number;
  stop(): Promise<void>;
}

/** Starts headless Chromium as a separate server process, so we hold its process id and can always stop it. */
export async function launchBrowser(): Promise<BrowserHandle> {
  const server = await chromium.launchServer({ executablePath, args, headless: true });
  const pid = server.process().pid!;
  const browser = await chromium.connect(server.wsEndpoint());
  return {
    browser,
    pid,
    async stop() {
      await browser.close().catch(() => {});
      await server.close().catch(() => {});
      killGroup(pid); // Playwright starts Chromium as a process group leader; nothing of it may outlive the run
    },
  };
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

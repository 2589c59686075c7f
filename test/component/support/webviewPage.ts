/**
 * Serves one webview bundle on 127.0.0.1 in a page with the extension's nonce-only CSP and a stand-in for
 * acquireVsCodeApi, and drives it in Debian's Chromium through playwright-core: the test posts messages as the
 * host would and reads what the view posted, the state it saved and any CSP violations.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));

export class WebviewHarness {
  private constructor(
    private readonly server: Server,
    private readonly browser: Browser,
    private readonly bundles: string,
  ) {}

  static async start(entries: string[]): Promise<WebviewHarness> {
    if (!CHROMIUM) throw new Error('Chromium not found: apt-get install -y chromium');
    const bundles = await mkdtemp(join(tmpdir(), 'saescope-webview-'));
    await esbuild.build({
      entryPoints: entries.map((name) => ({ in: `src/webview/${name}/main.ts`, out: name })),
      outdir: bundles,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      logLevel: 'silent',
    });
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const script = /^\/(\w+)\.js$/.exec(url.pathname);
      if (script) {
        readFile(join(bundles, `${script[1]}.js`)).then(
          (body) => response.writeHead(200, { 'content-type': 'text/javascript' }).end(body),
          () => response.writeHead(404).end(),
        );
        return;
      }
      const entry = url.searchParams.get('entry') ?? '';
      response.writeHead(200, { 'content-type': 'text/html' }).end(pageHtml(entry, url.searchParams.get('state')));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    return new WebviewHarness(server, browser, bundles);
  }

  /** Opens a view as VS Code would, optionally with the state a previous page saved. */
  async open(entry: string, state?: unknown): Promise<Page> {
    const page = await this.browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    const { port } = this.server.address() as AddressInfo;
    const query = new URLSearchParams({ entry, ...(state === undefined ? {} : { state: JSON.stringify(state) }) });
    await page.goto(`http://127.0.0.1:${port}/?${query}`);
    await page.waitForFunction(() => (window as unknown as TestWindow).__posted.length > 0);
    return page;
  }

  async stop(): Promise<void> {
    await this.browser.close();
    await new Promise((resolve) => this.server.close(resolve));
    await rm(this.bundles, { recursive: true, force: true });
  }
}

export interface TestWindow {
  __posted: { kind: string; [key: string]: unknown }[];
  __state: unknown;
  __violations: string[];
}

export const posted = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).__posted);
export const savedState = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).__state);
export const violations = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).__violations);
export const send = (page: Page, message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message);

function pageHtml(entry: string, state: string | null): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, "style-src 'self'", "font-src 'self'", "img-src 'self'"].join('; ');
  return `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<script nonce="${nonce}">
  window.__posted = []; window.__violations = []; window.__state = ${state ?? 'undefined'};
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state,
    setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
  });
</script></head><body>
<script type="module" nonce="${nonce}" src="/${entry}.js"></script>
</body></html>`;
}

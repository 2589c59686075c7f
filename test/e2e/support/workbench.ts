import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { artifactPath } from './artifacts';
import { answerInputBox, chooseInFileDialog, openFile, pickQuickInputItem, runCommand, waitForQuickInput } from './palette';
import { session } from './session';
import { waitForWebview, type Webview } from './webview';
import type { WorkspaceKind } from './workspace';

const open = new Set<Workbench>();

export interface OpenOptions {
  /** 'empty' (the default) or 'demo': toy data in data/ and trained SAEs in saes/, as `npm start` shows. */
  workspace?: WorkspaceKind;
  /** Workspace settings (.vscode/settings.json) in place before the window opens, e.g. a short sweep. */
  settings?: Record<string, unknown>;
  timeout?: number;
}

/**
 * Opens VS Code (code-server, with our VSIX installed) in a new browser page on a fresh copy of a workspace.
 * The root hooks close it after the test, with a screenshot and the page's console when the test failed.
 */
export async function openWorkbench(options: OpenOptions = {}): Promise<Workbench> {
  const { server, browser, workspaces } = session();
  const folder = await workspaces.create(options.workspace ?? 'empty');
  if (options.settings) {
    await mkdir(path.join(folder, '.vscode'), { recursive: true });
    await writeFile(path.join(folder, '.vscode', 'settings.json'), `${JSON.stringify(options.settings, null, 2)}\n`);
  }
  const page = await browser.browser.newPage({ viewport: { width: 1400, height: 900 } });
  const workbench = new Workbench(page, folder);
  open.add(workbench);
  await page.goto(server.folderUrl(folder));
  await workbench.waitUntilLoaded(options.timeout);
  return workbench;
}

/** Closes every open workbench; with a title, first saves its screenshot and console as failure artifacts. */
export async function closeWorkbenches(failedTest?: string): Promise<void> {
  for (const workbench of [...open]) {
    open.delete(workbench);
    if (failedTest) await workbench.saveFailure(failedTest).catch(() => {});
    await workbench.page.close().catch(() => {});
  }
}

export class Workbench {
  private readonly console: string[] = [];

  constructor(
    readonly page: Page,
    /** The workspace folder on disk: tests may read files the extension wrote, or add files. */
    readonly folder: string,
  ) {
    page.on('console', (message) => this.console.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => this.console.push(`[pageerror] ${error.stack ?? error.message}`));
  }

  async waitUntilLoaded(timeout = 60_000): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  }

  /** Runs a command by its palette title, e.g. "SAE Scope: Show Engine Info". */
  runCommand(title: string): Promise<void> {
    return runCommand(this.page, title);
  }

  /** Opens a file of the workspace by relative path (with its default editor: a custom editor if one claims it). */
  openFile(relativePath: string): Promise<void> {
    return openFile(this.page, relativePath);
  }

  /** Picks an item of the quick pick a command opened. */
  pick(label: string): Promise<void> {
    return pickQuickInputItem(this.page, label);
  }

  /** Answers the input box a command opened. */
  answer(text: string, prompt?: RegExp): Promise<void> {
    return answerInputBox(this.page, text, prompt);
  }

  /** Waits for the quick input titled `title` (a list with mode 'pick', an input box with 'input'). */
  question(title: RegExp, mode?: 'pick' | 'input', timeout?: number): Promise<void> {
    return waitForQuickInput(this.page, title, mode, timeout);
  }

  /** Chooses a file by its absolute path in the open dialog (showOpenDialog) titled `title`. */
  chooseFile(title: RegExp, absolutePath: string): Promise<void> {
    return chooseInFileDialog(this.page, title, absolutePath);
  }

  /** The webview (panel, custom editor or view) whose content contains `selector`. */
  webview(selector: string, timeout?: number): Promise<Webview> {
    return waitForWebview(this.page, selector, timeout);
  }

  /** Waits for a notification toast whose text matches, and returns its text. */
  async notification(pattern: RegExp, timeout = 30_000): Promise<string> {
    const toast = this.page.locator('.notification-toast .notification-list-item-message', { hasText: pattern }).first();
    await toast.waitFor({ state: 'visible', timeout });
    return (await toast.textContent()) ?? '';
  }

  /** "Developer: Reload Window", as a user would; panels with a serializer should come back. */
  async reload(): Promise<void> {
    const loaded = this.page.waitForEvent('load', { timeout: 60_000 });
    await this.runCommand('Developer: Reload Window');
    await loaded;
    await this.waitUntilLoaded();
  }

  /** Saves what the user sees as test-artifacts/e2e/<name>.png. */
  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: artifactPath(name, 'png') });
  }

  async saveFailure(testTitle: string): Promise<void> {
    await this.page.screenshot({ path: artifactPath(`${testTitle} failed`, 'png') });
    await writeFile(artifactPath(`${testTitle} console`, 'log'), `${this.console.join('\n')}\n`);
  }
}

import type { Locator, Page } from 'playwright-core';

// The quick input widget serves the command palette (F1), Quick Open (Ctrl+P) and every showQuickPick and
// showInputBox an extension opens; these helpers drive it as a user would, by keyboard and click.

const widget = '.quick-input-widget';
const input = `${widget} .quick-input-box input`;
const rows = `${widget} .quick-input-list .monaco-list-row`;

/** Runs a command by its palette title, e.g. "SAE Scope: Show Engine Info". */
export async function runCommand(page: Page, title: string, timeout = 30_000): Promise<void> {
  await openQuickInput(page, 'F1', timeout);
  await (await searchFor(page, `>${title}`, title, timeout)).click();
}

/** Opens a workspace file by its path relative to the workspace folder, through Quick Open. */
export async function openFile(page: Page, relativePath: string, timeout = 30_000): Promise<void> {
  await openQuickInput(page, 'Control+P', timeout);
  await (await searchFor(page, relativePath, relativePath.split('/').pop()!, timeout)).click();
}

/** Picks the item labelled `label` in the quick pick that is open (or about to open). */
export async function pickQuickInputItem(page: Page, label: string, timeout = 30_000): Promise<void> {
  await (await quickInputItem(page, label, timeout)).click();
}

/**
 * Answers the input box that is open (or about to open) with `text` and Enter. Give `prompt` (matched against
 * the box's prompt and placeholder) when several boxes follow one another, to answer the right one.
 */
export async function answerInputBox(page: Page, text: string, prompt?: RegExp, timeout = 30_000): Promise<void> {
  const box = page.locator(input);
  await box.waitFor({ state: 'visible', timeout });
  if (prompt) await waitForPrompt(page, prompt, timeout);
  await box.fill(text);
  await box.press('Enter');
}

/**
 * Waits until the quick input shows the title `title` (as showQuickPick / showInputBox / showOpenDialog set it)
 * and, with `mode`, is a list ('pick') or a bare input box ('input'). Commands that ask several questions in a row
 * reuse one widget: wait for the next question before answering, or the answer may go to the one closing.
 */
export async function waitForQuickInput(page: Page, title: RegExp, mode?: 'pick' | 'input', timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    ({ selector, source, flags, mode }) => {
      const root = document.querySelector<HTMLElement>(selector);
      if (!root || root.style.display === 'none' || root.offsetParent === null) return false;
      if (!new RegExp(source, flags).test(root.querySelector('.quick-input-title')?.textContent ?? '')) return false;
      if (!mode) return true;
      const list = root.querySelector<HTMLElement>('.quick-input-list');
      const listShown = !!list && list.offsetParent !== null && list.getBoundingClientRect().height > 0;
      return mode === 'pick' ? listShown : !listShown;
    },
    { selector: widget, source: title.source, flags: title.flags, mode },
    { timeout },
  );
}

/**
 * Chooses `absolutePath` in the file dialog titled `title` (code-server's showOpenDialog is VS Code's simple file
 * dialog, a quick input whose box holds a path). The dialog fills in its starting folder a moment after it shows,
 * which can overwrite what was typed: so type the path again until the box keeps it and the dialog lists the
 * file, then press Enter.
 */
export async function chooseInFileDialog(page: Page, title: RegExp, absolutePath: string, timeout = 30_000): Promise<void> {
  await waitForQuickInput(page, title, undefined, timeout);
  const deadline = Date.now() + timeout;
  const box = page.locator(input);
  const name = absolutePath.split(/[\\/]/).pop()!;
  for (;;) {
    await box.fill(absolutePath);
    try {
      await quickInputItem(page, name, 2_000);
      if ((await box.inputValue()) === absolutePath) break;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    if (Date.now() > deadline) throw new Error(`the file dialog did not keep ${absolutePath}; it reads ${await box.inputValue()}`);
  }
  await box.press('Enter');
  await page.waitForFunction(
    ({ selector, source, flags }) => !new RegExp(source, flags).test(document.querySelector(selector)?.querySelector('.quick-input-title')?.textContent ?? ''),
    { selector: widget, source: title.source, flags: title.flags },
    { timeout },
  );
}

/** The labels the open quick input lists now, for assertions and error messages. */
export async function quickInputLabels(page: Page): Promise<string[]> {
  return page.locator(`${rows} .label-name`).allTextContents();
}

async function openQuickInput(page: Page, key: string, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  // Right after the workbench appears its keybindings may not be wired yet: press again until the widget shows.
  for (;;) {
    await page.keyboard.press(key);
    try {
      await page.locator(input).waitFor({ state: 'visible', timeout: 2_000 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`${key} did not open the quick input: ${(e as Error).message}`);
    }
  }
}

/**
 * Types `query` and returns the row labelled `label`. Results are computed once per query, and while the window
 * is still loading, extensions' commands (or new files) may not be known yet: so type the query again until the
 * row shows.
 */
async function searchFor(page: Page, query: string, label: string, timeout: number): Promise<Locator> {
  const deadline = Date.now() + timeout;
  const box = page.locator(input);
  for (;;) {
    await box.fill(query);
    try {
      return await quickInputItem(page, label, Math.min(3_000, Math.max(deadline - Date.now(), 1)));
    } catch (e) {
      if (Date.now() >= deadline) throw e;
      await box.fill('');
    }
  }
}

/** The row whose label is exactly `label`; rows are filtered as the user types, so wait for it. */
async function quickInputItem(page: Page, label: string, timeout: number): Promise<Locator> {
  const row = page.locator(rows).filter({ has: page.locator('.label-name', { hasText: exactly(label) }) }).first();
  try {
    await row.waitFor({ state: 'visible', timeout });
  } catch {
    const shown = await quickInputLabels(page).catch(() => []);
    throw new Error(`no quick input item "${label}" within ${timeout} ms; shown: ${JSON.stringify(shown)}`);
  }
  return row;
}

async function waitForPrompt(page: Page, prompt: RegExp, timeout: number): Promise<void> {
  await page.waitForFunction(
    ({ selector, source, flags }) => {
      const root = document.querySelector(selector);
      const box = root?.querySelector<HTMLInputElement>('.quick-input-box input');
      const text = `${root?.querySelector('.quick-input-message')?.textContent ?? ''} ${box?.placeholder ?? ''}`;
      return new RegExp(source, flags).test(text);
    },
    { selector: widget, source: prompt.source, flags: prompt.flags },
    { timeout },
  );
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

import type { Frame, Locator, Page } from 'playwright-core';

/**
 * A webview's content frame. VS Code nests each webview two iframes deep, so its document is found by searching
 * every frame of the page for an element the webview renders (a custom element's tag is a good choice).
 * Playwright's CSS selectors pierce open shadow roots, so Lit components' insides can be located directly.
 */
export class Webview {
  constructor(readonly frame: Frame) {}

  locator(selector: string): Locator {
    return this.frame.locator(selector);
  }

  /** The text a user sees, shadow roots and slots included, whitespace collapsed. */
  async text(): Promise<string> {
    return this.frame.evaluate(visibleText);
  }

  /** Waits until the text matches, e.g. after the host has answered; returns the text. */
  async waitForText(pattern: RegExp, timeout = 30_000): Promise<string> {
    const deadline = Date.now() + timeout;
    let text = '';
    while (Date.now() < deadline) {
      text = await this.text();
      if (pattern.test(text)) return text;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`webview text did not match ${pattern} within ${timeout} ms; it reads: ${text.slice(0, 2000)}`);
  }
}

/** Waits for the webview whose document contains `selector`. */
export async function waitForWebview(page: Page, selector: string, timeout = 30_000): Promise<Webview> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      // A frame can be detached while we look (a panel closed, the window reloading).
      const count = await frame.locator(selector).count().catch(() => 0);
      if (count > 0) return new Webview(frame);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no webview shows ${selector} within ${timeout} ms`);
}

// Kept as source text: functions compiled by tsx carry helper calls (__name) that do not exist in the page.
const visibleText = `(() => {
  const parts = [];
  const visit = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      parts.push(node.textContent);
      return;
    }
    if (!(node instanceof Element || node instanceof DocumentFragment)) return;
    if (node instanceof Element && ['SCRIPT', 'STYLE'].includes(node.tagName)) return;
    if (node instanceof HTMLSlotElement) {
      node.assignedNodes({ flatten: true }).forEach(visit);
      return;
    }
    (node instanceof Element && node.shadowRoot ? node.shadowRoot : node).childNodes.forEach(visit);
    // Inline elements join their neighbours' words; anything else (a cell, a row, a block) separates them.
    if (node instanceof Element && getComputedStyle(node).display !== 'inline') parts.push(' ');
  };
  visit(document.body);
  return parts.join('').replace(/\\s+/g, ' ').trim();
})()`;

/** What the diagnostic panels' pages (main.ts) share: exports forwarded to the host, host messages, state on scroll. */
import type { ChartExport } from '../../shared/chartExport';
import type { DataExport } from '../../shared/dataExport';
import type { ChartExportDetail } from './chartView';

/** Chart and data exports bubble up from the view; the host saves them, since a webview cannot write files. */
export function forwardExports(view: HTMLElement, host: { post(message: ChartExport | DataExport): void }): void {
  view.addEventListener('export-chart', (event) => host.post({ kind: 'exportChart', ...(event as CustomEvent<ChartExportDetail>).detail }));
  view.addEventListener('export-data', (event) => host.post(event.detail));
}

/** Each message from the host, parsed, to `apply`; one that does not parse is logged and dropped. */
export function onHostMessage<T>(parse: (data: unknown) => T, apply: (message: T) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    try {
      apply(parse(event.data));
    } catch (e) {
      console.error(e);
    }
  });
}

/** Saves the page's state once scrolling has stopped for a moment, so a reloaded page returns to where it was. */
export function saveOnScroll(save: () => void): void {
  let scrollTimer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('scroll', () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(save, 200);
  });
}

/**
 * For a page the host sends its run again after a reload: call the result after each message, with whether the run is
 * drawn now; the first time it is, the page scrolls back to where it was.
 */
export function scrollBackOnceDrawn(view: { updateComplete: Promise<unknown> }, scrollY: number | undefined): (drawn: boolean) => void {
  let pending = scrollY !== undefined && scrollY > 0;
  return (drawn) => {
    if (!pending || !drawn) return;
    pending = false;
    void view.updateComplete.then(() => window.scrollTo(0, scrollY ?? 0));
  };
}

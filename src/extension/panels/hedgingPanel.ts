/**
 * A Hedging panel: one hedging diagnostic, drawn part by part while it runs, then the saved run. Reopened from the
 * run's folder (Runs view, or the serializer after a reload) it reads metrics.json and computes nothing.
 */
import * as vscode from 'vscode';
import { parseFromHedgingView, type HedgingPart, type HedgingSettings, type ToHedgingView } from '../../shared/protocol';
import { copyPython } from '../copyPython/copyPython';
import { hedgingSnippet } from '../copyPython/hedgingSnippet';
import { readHedgingRun } from '../runs/hedgingRunFolder';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import type { PanelDeps } from './runPanel';
import { saveChart } from './saveChart';
import { saveData } from './saveData';

export const HEDGING_VIEW_TYPE = 'saescope.hedging';

/** The part of the webview's saved state the serializer needs: the run's folder once saved. */
interface HedgingPanelState {
  folder?: string | null;
}

const TITLES: Record<HedgingSettings['mode'], string> = { toys: 'Hedging: single-latent toys', sae: 'Hedging degree', gamma: 'Hedging: γ sweep' };

export class HedgingPanel {
  /**
   * Everything sent so far, replayed whenever the webview says `ready`: it drops messages while it is not listening,
   * and a panel hidden and shown again starts a fresh page.
   */
  private readonly sent: ToHedgingView[] = [];
  private ready = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
  ) {
    const { webview } = panel;
    webview.options = webviewOptions(deps.extensionUri);
    webview.html = webviewHtml(webview, deps.extensionUri, 'hedging', panel.title);
    const subscription = webview.onDidReceiveMessage((data: unknown) => void this.receive(data));
    panel.onDidDispose(() => subscription.dispose());
  }

  /** A panel for a diagnostic that runs now. */
  static live(deps: PanelDeps, id: string, settings: HedgingSettings): HedgingPanel {
    const view = vscode.window.createWebviewPanel(HEDGING_VIEW_TYPE, TITLES[settings.mode], vscode.ViewColumn.Beside, webviewOptions(deps.extensionUri));
    const hedging = new HedgingPanel(view, deps);
    hedging.send({ kind: 'running', id, settings });
    return hedging;
  }

  /** A saved run, from its folder. */
  static async open(deps: PanelDeps, folder: string): Promise<void> {
    const name = folder.split(/[\\/]/).pop() ?? folder;
    const hedging = new HedgingPanel(vscode.window.createWebviewPanel(HEDGING_VIEW_TYPE, `Hedging ${name}`, vscode.ViewColumn.Active, webviewOptions(deps.extensionUri)), deps);
    await hedging.showSaved(folder);
  }

  /** After a reload: a saved run is read again from its folder; one that was running shows what the page kept. */
  static async restore(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const hedging = new HedgingPanel(panel, deps);
    const folder = (state as HedgingPanelState | undefined)?.folder;
    if (typeof folder === 'string') await hedging.showSaved(folder);
    else hedging.failed('This diagnostic was still running when the window closed, so it stopped before it was saved; run it again.');
  }

  part(part: HedgingPart): void {
    this.send({ kind: 'part', part });
  }

  progress(message: string): void {
    // Only the latest progress line matters to a page that comes back.
    const last = this.sent.at(-1);
    if (last?.kind === 'progress') this.sent.pop();
    this.send({ kind: 'progress', message });
  }

  async showSaved(folder: string): Promise<void> {
    try {
      this.send({ kind: 'record', record: await readHedgingRun(folder), folder });
    } catch (e) {
      this.send({ kind: 'error', message: `${folder}: ${(e as Error).message}` });
    }
  }

  failed(message: string): void {
    this.send({ kind: 'error', message });
  }

  private send(message: ToHedgingView): void {
    this.sent.push(message);
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private async receive(data: unknown): Promise<void> {
    try {
      const message = parseFromHedgingView(data);
      if (message.kind === 'ready') {
        this.ready = true;
        for (const m of this.sent) void this.panel.webview.postMessage(m);
      } else if (message.kind === 'exportChart') {
        await saveChart(message);
      } else if (message.kind === 'copyPython') {
        await copyPython(hedgingSnippet(message.outcome), `this ${message.outcome.mode === 'toys' ? 'θ* and trained θ' : message.outcome.mode === 'sae' ? 'hedging degree' : 'γ sweep'}`);
      } else {
        await saveData(message);
      }
    } catch (e) {
      this.deps.output.error(`hedging panel: ${(e as Error).message}`);
    }
  }
}

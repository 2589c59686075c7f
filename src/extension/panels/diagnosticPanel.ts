/**
 * What the diagnostic panels (hedging, lab, alignment, dynamics, L0) share: a webview on one bundle that shows a job
 * while it runs and then its saved run, or a saved run reopened from its folder (Runs view, or the serializer after a
 * reload), which reads metrics.json and computes nothing. Each panel file adds only its own messages.
 */
import * as vscode from 'vscode';
import type { ChartExport } from '../../shared/chartExport';
import type { DataExport } from '../../shared/dataExport';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import type { PanelDeps } from './runPanel';
import { saveChart } from './saveChart';
import { saveData } from './saveData';

/** What every diagnostic page may ask of the host. */
export type PanelRequest = { kind: 'ready' } | ChartExport | DataExport;

/** What every diagnostic page is sent about a saved run. */
export type SavedRunMessage<R> = { kind: 'record'; record: R; folder: string } | { kind: 'error'; message: string };

/** One kind of diagnostic panel. `Own` is what its page asks beyond PanelRequest (Copy as Python). */
export interface DiagnosticPanelKind<R, Own extends { kind: string } = never> {
  viewType: string;
  /** The webview bundle, dist/webview/<entry>.js. */
  entry: string;
  /** Names the panel in the output channel's errors. */
  logName: string;
  /** The title of a panel opened on a saved run whose folder is called `name`. */
  savedTitle(name: string): string;
  /** Shown after a reload when the panel's job had not been saved. */
  stoppedMessage: string;
  parseRequest(data: unknown): PanelRequest | Own;
  readRun(folder: string): Promise<R>;
  copyPython?(request: Own): Promise<void>;
  /**
   * The page keeps everything it was shown in its own saved state, so after its first `ready` it is sent only what is
   * new. Otherwise everything sent so far is sent again at each `ready`: a page drops messages while it is not
   * listening, and a panel hidden and shown again starts a fresh page.
   */
  pageKeepsItsState?: boolean;
}

/** The part of the webview's saved state the serializer needs: the run's folder once saved. */
interface DiagnosticPanelState {
  folder?: string | null;
}

export class DiagnosticPanel<R, To extends { kind: string }, Own extends { kind: string } = never> {
  private readonly sent: (To | SavedRunMessage<R>)[] = [];
  private ready = false;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
    private readonly kind: DiagnosticPanelKind<R, Own>,
  ) {
    const { webview } = panel;
    webview.options = webviewOptions(deps.extensionUri);
    webview.html = webviewHtml(webview, deps.extensionUri, kind.entry, panel.title);
    const subscription = webview.onDidReceiveMessage((data: unknown) => void this.receive(data));
    panel.onDidDispose(() => subscription.dispose());
  }

  async showSaved(folder: string): Promise<void> {
    try {
      this.send({ kind: 'record', record: await this.kind.readRun(folder), folder });
    } catch (e) {
      this.send({ kind: 'error', message: `${folder}: ${(e as Error).message}` });
    }
  }

  failed(message: string): void {
    this.send({ kind: 'error', message });
  }

  protected send(message: To | SavedRunMessage<R>): void {
    if (!(this.ready && this.kind.pageKeepsItsState)) this.sent.push(message);
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  /** Sends a progress line in place of the one before it: only the latest matters to a page that comes back. */
  protected sendProgress(message: Extract<To, { kind: 'progress' }>): void {
    if (this.sent.at(-1)?.kind === 'progress') this.sent.pop();
    this.send(message);
  }

  private async receive(data: unknown): Promise<void> {
    try {
      const request = this.kind.parseRequest(data);
      if (!isPanelRequest(request)) await this.kind.copyPython?.(request);
      else if (request.kind === 'ready') this.replay();
      else if (request.kind === 'exportChart') await saveChart(request);
      else await saveData(request);
    } catch (e) {
      this.deps.output.error(`${this.kind.logName}: ${(e as Error).message}`);
    }
  }

  private replay(): void {
    this.ready = true;
    for (const message of this.sent) void this.panel.webview.postMessage(message);
    if (this.kind.pageKeepsItsState) this.sent.length = 0;
  }
}

function isPanelRequest(request: { kind: string }): request is PanelRequest {
  return request.kind === 'ready' || request.kind === 'exportChart' || request.kind === 'exportData';
}

/** A new webview beside the editor, for a job that runs now. */
export function livePanel<R, Own extends { kind: string }>(deps: PanelDeps, kind: DiagnosticPanelKind<R, Own>, title: string): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(kind.viewType, title, vscode.ViewColumn.Beside, webviewOptions(deps.extensionUri));
}

/** A saved run, from its folder. */
export async function openSavedRun<R, Own extends { kind: string }>(deps: PanelDeps, kind: DiagnosticPanelKind<R, Own>, folder: string): Promise<void> {
  const name = folder.split(/[\\/]/).pop() ?? folder;
  const panel = vscode.window.createWebviewPanel(kind.viewType, kind.savedTitle(name), vscode.ViewColumn.Active, webviewOptions(deps.extensionUri));
  await new DiagnosticPanel<R, never, Own>(panel, deps, kind).showSaved(folder);
}

/** After a reload: a saved run is read again from its folder; a job that was running had stopped and saved nothing. */
export async function restorePanel<R, Own extends { kind: string }>(
  deps: PanelDeps,
  kind: DiagnosticPanelKind<R, Own>,
  panel: vscode.WebviewPanel,
  state: unknown,
): Promise<void> {
  const restored = new DiagnosticPanel<R, never, Own>(panel, deps, kind);
  const folder = (state as DiagnosticPanelState | undefined)?.folder;
  if (typeof folder === 'string') await restored.showSaved(folder);
  else restored.failed(kind.stoppedMessage);
}

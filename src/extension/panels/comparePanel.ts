/** A Compare panel: two SAEs matched latent by latent (the work runs in the worker, with progress and Cancel). */
import * as vscode from 'vscode';
import { parseFromCompareView, type ToCompareView } from '../../shared/protocol';
import { JobCancelledError, type EngineClient } from '../engineClient';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import type { PanelDeps } from './runPanel';
import { compareSnippet } from '../copyPython/compareSnippet';
import { copyPython } from '../copyPython/copyPython';
import { saveChart } from './saveChart';
import { saveData } from './saveData';

export const COMPARE_VIEW_TYPE = 'saescope.compare';
export const SHARED_THRESHOLD = 0.7;
const EVAL_ROWS = 8192;

export interface CompareRequest {
  a: string;
  b: string;
  data: string;
}

export class ComparePanel {
  private ready = false;
  private readonly queued: ToCompareView[] = [];

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps & { client: EngineClient },
  ) {
    const { webview } = panel;
    webview.options = webviewOptions(deps.extensionUri);
    webview.html = webviewHtml(webview, deps.extensionUri, 'compare', panel.title);
    const subscription = webview.onDidReceiveMessage((data: unknown) => void this.receive(data));
    panel.onDidDispose(() => subscription.dispose());
  }

  static async compare(deps: PanelDeps & { client: EngineClient }, request: CompareRequest): Promise<void> {
    const name = (p: string) => p.split(/[\\/]/).filter(Boolean).slice(-1)[0];
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, `Compare ${name(request.a)} ↔ ${name(request.b)}`, vscode.ViewColumn.Active, webviewOptions(deps.extensionUri));
    await new ComparePanel(panel, deps).run(request);
  }

  /** After a reload the webview shows its saved result from setState; the panel only needs to listen again. */
  static restore(deps: PanelDeps & { client: EngineClient }, panel: vscode.WebviewPanel): void {
    new ComparePanel(panel, deps);
  }

  private async run(request: CompareRequest): Promise<void> {
    const { client, output } = this.deps;
    this.send({ kind: 'comparing', a: request.a, b: request.b });
    output.info(`compare: A ${request.a}, B ${request.b}, threshold ${SHARED_THRESHOLD}, data ${request.data || 'none'} (${EVAL_ROWS} rows)`);
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'SAE Scope: comparing SAEs', cancellable: true },
        (progress, token) =>
          client.run(
            { kind: 'compareSaes', a: request.a, b: request.b, threshold: SHARED_THRESHOLD, data: request.data, rows: EVAL_ROWS },
            { token, onProgress: (p) => progress.report({ message: p.message }) },
          ),
      );
      output.info(`compare: ${result.method} matching, ${result.shared} shared (cos ≥ ${result.threshold}), mean matched cosine ${result.meanCosine.toFixed(4)}, ${result.seconds.toFixed(2)} s`);
      this.send({ kind: 'result', result });
    } catch (e) {
      const message = e instanceof JobCancelledError ? 'Cancelled.' : (e as Error).message;
      if (!(e instanceof JobCancelledError)) output.error(`compare: ${message}`);
      this.send({ kind: 'error', message });
    }
  }

  private send(message: ToCompareView): void {
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.queued.push(message);
  }

  private async receive(data: unknown): Promise<void> {
    try {
      const message = parseFromCompareView(data);
      if (message.kind === 'ready') {
        this.ready = true;
        for (const m of this.queued.splice(0)) this.send(m);
      } else if (message.kind === 'exportChart') {
        await saveChart(message);
      } else if (message.kind === 'exportData') {
        await saveData(message);
      } else {
        await copyPython(compareSnippet(message), 'this comparison');
      }
    } catch (e) {
      this.deps.output.error(`compare panel: ${(e as Error).message}`);
    }
  }
}

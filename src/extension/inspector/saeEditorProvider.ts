/**
 * The read-only custom editor for SAE weight files. The worker parses the file; the webview receives the
 * overview, then pages of the latent table and one latent's page at a time, on request.
 */
import * as vscode from 'vscode';
import { parseFromInspector, type FromInspector, type ToInspector } from '../../shared/protocol';
import { pickDataSource } from '../dataSourcePick';
import { JobCancelledError, type EngineClient } from '../engineClient';
import { webviewHtml, webviewOptions } from '../webviewHtml';
import { copyPython } from '../copyPython/copyPython';
import { inspectorSnippet } from '../copyPython/inspectorSnippet';
import { saveData } from '../panels/saveData';
import { latentTableExport } from './latentTableExport';
import { SaeDocument } from './saeDocument';

export const SAE_INSPECTOR_VIEW_TYPE = 'saescope.saeInspector';
/** The same editor offered through Open With… for other weight files (option priority). */
export const SAE_INSPECTOR_OPTION_VIEW_TYPE = 'saescope.saeInspectorOther';
const DEFAULT_ATTACH_ROWS = 8192;

export interface InspectorDeps {
  extensionUri: vscode.Uri;
  client: EngineClient;
  output: vscode.LogOutputChannel;
}

export class SaeEditorProvider implements vscode.CustomReadonlyEditorProvider<SaeDocument> {
  constructor(private readonly deps: InspectorDeps) {}

  openCustomDocument(uri: vscode.Uri): SaeDocument {
    this.deps.output.info(`inspector: opening ${uri.fsPath}`);
    return new SaeDocument(uri, this.deps.client);
  }

  resolveCustomEditor(document: SaeDocument, panel: vscode.WebviewPanel): void {
    const { webview } = panel;
    webview.options = webviewOptions(this.deps.extensionUri);
    webview.html = webviewHtml(webview, this.deps.extensionUri, 'saeInspector', 'SAE Inspector');
    const subscriptions = [
      document.attach(webview),
      webview.onDidReceiveMessage((data: unknown) => {
        let message: FromInspector;
        try {
          message = parseFromInspector(data);
        } catch (e) {
          this.deps.output.error((e as Error).message);
          return;
        }
        void this.answer(document, webview, message);
      }),
    ];
    panel.onDidDispose(() => subscriptions.forEach((s) => s.dispose()));
  }

  private async answer(document: SaeDocument, webview: vscode.Webview, message: FromInspector): Promise<void> {
    const post = (reply: ToInspector) => void webview.postMessage(reply);
    const { client } = this.deps;
    const token = document.token;
    try {
      const { handle } = await document.overview;
      switch (message.kind) {
        case 'ready':
          post({ kind: 'overview', overview: await document.overview });
          post({ kind: 'columnsChanged', attached: document.attached, nearestReady: document.nearestReady });
          document.computeNearestOnce((problem) => this.report(post, `nearest latents: ${problem}`));
          return;
        case 'rows':
          post({ kind: 'rows', requestId: message.requestId, page: await client.run({ kind: 'latentRows', handle, query: message.query }, { token }) });
          return;
        case 'latent':
          post({ kind: 'latent', detail: await client.run({ kind: 'latentPage', handle, latent: message.latent }, { token }) });
          return;
        case 'attachData':
          await this.attachData(document, handle);
          return;
        case 'exportData':
          await saveData(message);
          return;
        case 'exportLatents': {
          const name = `latents-${document.uri.path.split('/').slice(-2, -1)[0] ?? 'sae'}`;
          await saveData(await latentTableExport(message.format, name, message.query, (query) => client.run({ kind: 'latentRows', handle, query }, { token })));
          return;
        }
        case 'copyPython': {
          const overview = await document.overview;
          await copyPython(inspectorSnippet({ weights: document.uri.fsPath, format: overview.format, latent: message.latent, hasDensity: overview.hasDensity }), `this inspector's table${message.latent === null ? '' : ` and latent ${message.latent}`}`);
          return;
        }
      }
    } catch (e) {
      if (!(e instanceof JobCancelledError)) this.report(post, (e as Error).message);
    }
  }

  private async attachData(document: SaeDocument, handle: number): Promise<void> {
    const source = await pickDataSource('Attach data to the SAE');
    if (!source) return;
    const rowsText = await vscode.window.showInputBox({
      title: 'Attach data',
      prompt: 'Rows to run the SAE over',
      value: String(DEFAULT_ATTACH_ROWS),
      validateInput: (text) => (/^[1-9]\d*$/.test(text.trim()) ? undefined : 'a positive whole number'),
    });
    if (!rowsText) return;
    const rows = Number(rowsText.trim());
    const tokens = await pickTokens();
    if (tokens === undefined) return;
    this.deps.output.info(`attach data: ${source}, ${rows} rows${tokens.tokens ? `, tokens ${tokens.tokens}` : ''}, to ${document.uri.fsPath}`);
    document.broadcast({ kind: 'busy', message: `Running the SAE over ${rows} rows of ${source}…` });
    try {
      const summary = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'SAE Scope: attaching data', cancellable: true },
        (progress, token) => {
          const both = linkTokens(token, document.token);
          return this.deps.client
            .run({ kind: 'attachData', handle, source, rows, ...tokens }, { token: both.token, onProgress: (p) => progress.report({ message: p.message }) })
            .finally(() => both.dispose());
        },
      );
      this.deps.output.info(`attach data: ${summary.rows} rows in ${summary.seconds.toFixed(2)} s${summary.truncated ? ' (stopped at the memory budget)' : ''}`);
      document.attached = summary;
      document.broadcast({ kind: 'columnsChanged', attached: summary, nearestReady: document.nearestReady });
    } finally {
      document.broadcast({ kind: 'busy', message: null });
    }
  }

  private report(post: (message: ToInspector) => void, message: string): void {
    this.deps.output.error(`inspector: ${message}`);
    post({ kind: 'error', message });
  }
}

/**
 * Optionally, the token ids behind the rows (a .npy, one id per row) and a vocabulary to show them as text; {} for
 * none, undefined when the user backs out.
 */
async function pickTokens(): Promise<{ tokens?: string; vocabulary?: string } | undefined> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'No tokens', description: 'top examples by row number' },
      { label: 'Token ids…', description: 'a .npy of token ids, one per row, to show top examples in context' },
    ],
    { title: 'Attach data: tokens' },
  );
  if (!choice) return undefined;
  if (choice.label === 'No tokens') return {};
  const ids = await vscode.window.showOpenDialog({ title: 'Token ids (.npy, one per activation row)', filters: { 'NumPy arrays': ['npy'] }, canSelectMany: false });
  if (!ids?.[0]) return undefined;
  const vocabulary = await vscode.window.showOpenDialog({
    title: 'Vocabulary (JSON list of tokens, or token → id) — cancel to show ids',
    filters: { JSON: ['json'] },
    canSelectMany: false,
  });
  return { tokens: ids[0].fsPath, ...(vocabulary?.[0] ? { vocabulary: vocabulary[0].fsPath } : {}) };
}

/** A token cancelled when either of two is. */
function linkTokens(a: vscode.CancellationToken, b: vscode.CancellationToken): vscode.CancellationTokenSource {
  const source = new vscode.CancellationTokenSource();
  const subscriptions = [a.onCancellationRequested(() => source.cancel()), b.onCancellationRequested(() => source.cancel())];
  if (a.isCancellationRequested || b.isCancellationRequested) source.cancel();
  const dispose = source.dispose.bind(source);
  source.dispose = () => {
    subscriptions.forEach((s) => s.dispose());
    dispose();
  };
  return source;
}

import * as vscode from 'vscode';
import { engineInfoLines } from '../shared/engineInfoText';
import { parseFromEngineInfoView, type ToEngineInfoView } from '../shared/protocol';
import { JobCancelledError, type EngineClient } from './engineClient';
import { webviewHtml, webviewOptions } from './webviewHtml';

export const ENGINE_INFO_VIEW_TYPE = 'saescope.engineInfo';
const TITLE = 'SAE Scope: Engine';

export interface EngineInfoPanelDeps {
  extensionUri: vscode.Uri;
  client: EngineClient;
  output: vscode.LogOutputChannel;
}

/** The one panel that shows the engine's version, ONNX Runtime's version and the execution providers. */
export class EngineInfoPanel {
  private static current: EngineInfoPanel | undefined;

  static show(deps: EngineInfoPanelDeps): void {
    if (EngineInfoPanel.current) {
      EngineInfoPanel.current.panel.reveal(vscode.ViewColumn.Beside);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      ENGINE_INFO_VIEW_TYPE,
      TITLE,
      vscode.ViewColumn.Beside,
      webviewOptions(deps.extensionUri),
    );
    EngineInfoPanel.current = new EngineInfoPanel(panel, deps);
  }

  /** Takes over a panel VS Code brought back after a reload. */
  static restore(panel: vscode.WebviewPanel, deps: EngineInfoPanelDeps): void {
    EngineInfoPanel.current?.panel.dispose();
    EngineInfoPanel.current = new EngineInfoPanel(panel, deps);
  }

  private readonly cancellation = new vscode.CancellationTokenSource();

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: EngineInfoPanelDeps,
  ) {
    const { webview } = panel;
    webview.options = webviewOptions(deps.extensionUri);
    webview.html = webviewHtml(webview, deps.extensionUri, 'engineInfo', TITLE);
    const subscription = webview.onDidReceiveMessage((data: unknown) => this.receive(data));
    panel.onDidDispose(() => {
      subscription.dispose();
      this.cancellation.cancel();
      this.cancellation.dispose();
      if (EngineInfoPanel.current === this) EngineInfoPanel.current = undefined;
    });
  }

  private receive(data: unknown): void {
    try {
      parseFromEngineInfoView(data); // 'ready' is the only message so far
    } catch (e) {
      this.deps.output.error((e as Error).message);
      return;
    }
    void this.sendEngineInfo();
  }

  private async sendEngineInfo(): Promise<void> {
    const { client, output } = this.deps;
    try {
      const info = await client.run({ kind: 'engineInfo' }, { token: this.cancellation.token });
      for (const line of engineInfoLines(info)) output.info(line);
      this.post({ kind: 'engineInfo', info });
    } catch (e) {
      if (e instanceof JobCancelledError) return;
      const message = (e as Error).message;
      output.error(`engine info failed: ${message}`);
      this.post({ kind: 'engineError', message });
    }
  }

  private post(message: ToEngineInfoView): void {
    void this.panel.webview.postMessage(message);
  }
}

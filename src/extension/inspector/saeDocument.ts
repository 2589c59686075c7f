/** One SAE weights file opened in the inspector: its handle in the worker, shared by every editor showing it. */
import * as vscode from 'vscode';
import type { AttachSummary, SaeOverview, ToInspector } from '../../shared/protocol';
import { JobCancelledError, type EngineClient } from '../engineClient';

export class SaeDocument implements vscode.CustomDocument {
  private readonly lifetime = new vscode.CancellationTokenSource();
  private readonly views = new Set<vscode.Webview>();
  private nearestStarted = false;
  nearestReady = false;
  attached: AttachSummary | null = null;

  readonly overview: Promise<SaeOverview>;

  constructor(
    readonly uri: vscode.Uri,
    private readonly client: EngineClient,
  ) {
    this.overview = client.run({ kind: 'inspectSae', path: uri.fsPath }, { token: this.lifetime.token });
    this.overview.catch(() => undefined); // reported to each editor that asks for it
  }

  get token(): vscode.CancellationToken {
    return this.lifetime.token;
  }

  attach(webview: vscode.Webview): vscode.Disposable {
    this.views.add(webview);
    return { dispose: () => this.views.delete(webview) };
  }

  broadcast(message: ToInspector): void {
    for (const view of this.views) void view.postMessage(message);
  }

  /** Nearest latents by decoder cosine, once, in the background: the table fills its column when done. */
  computeNearestOnce(onError: (message: string) => void): void {
    if (this.nearestStarted) return;
    this.nearestStarted = true;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'SAE Scope: nearest latents' },
      async () => {
        try {
          const { handle } = await this.overview;
          await this.client.run({ kind: 'nearestLatents', handle }, { token: this.lifetime.token });
          this.nearestReady = true;
          this.broadcast({ kind: 'columnsChanged', attached: this.attached, nearestReady: true });
        } catch (e) {
          if (!(e instanceof JobCancelledError)) onError((e as Error).message);
        }
      },
    );
  }

  dispose(): void {
    this.lifetime.cancel();
    this.lifetime.dispose();
    void this.overview.then(
      ({ handle }) => this.client.run({ kind: 'releaseSae', handle }),
      () => undefined,
    ).catch(() => undefined);
  }
}

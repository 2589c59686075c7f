import type { CancellationTokenLike } from '../../../src/extension/engineClient';

/** A cancellation token the test fires by hand, shaped like vscode.CancellationToken. */
export class ManualToken implements CancellationTokenLike {
  isCancellationRequested = false;
  private readonly listeners = new Set<() => void>();

  onCancellationRequested(listener: () => void) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  cancel(): void {
    this.isCancellationRequested = true;
    for (const listener of this.listeners) listener();
  }
}

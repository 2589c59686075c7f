/** What VS Code gives a webview script; acquireVsCodeApi may be called only once per page. */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** A webview's typed line to the extension host: messages out, and view state kept across hide and reload. */
export interface HostConnection<Out, State> {
  post(message: Out): void;
  /** The last saved state, unchecked: it may come from an older version of the panel. */
  savedState(): unknown;
  saveState(state: State): void;
}

export function connectToHost<Out, State>(): HostConnection<Out, State> {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    savedState: () => api.getState(),
    saveState: (state) => api.setState(state),
  };
}

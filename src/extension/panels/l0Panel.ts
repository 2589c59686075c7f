/** An L0 Diagnostics panel: one sweep, drawn as it streams (curves, table, heatmap), then the saved run. */
import * as vscode from 'vscode';
import {
  parseFromL0View,
  type L0CopyPython,
  type L0RecommendationData,
  type L0RunRecord,
  type L0SweepRow,
  type L0SweepSettings,
  type L0SweepStart,
  type ToL0View,
} from '../../shared/protocol';
import { copyPython } from '../copyPython/copyPython';
import { l0Snippet } from '../copyPython/l0Snippet';
import { readL0Run } from '../runs/l0RunFolder';
import { DiagnosticPanel, livePanel, openSavedRun, restorePanel, type DiagnosticPanelKind } from './diagnosticPanel';
import type { PanelDeps } from './runPanel';

export const L0_VIEW_TYPE = 'saescope.l0';

const L0_PANEL: DiagnosticPanelKind<L0RunRecord, L0CopyPython> = {
  viewType: L0_VIEW_TYPE,
  entry: 'l0',
  logName: 'L0 panel',
  savedTitle: (name) => `L0 Diagnostics ${name}`,
  stoppedMessage: 'This sweep was still running when the window closed, so it stopped; run L0 Diagnostics again.',
  parseRequest: parseFromL0View,
  readRun: readL0Run,
  copyPython: (request) => copyPython(l0Snippet(request), 'this L0 sweep'),
  pageKeepsItsState: true,
};

export class L0Panel extends DiagnosticPanel<L0RunRecord, ToL0View, L0CopyPython> {
  /** A panel for a sweep that runs now. */
  static live(deps: PanelDeps, id: string, settings: L0SweepSettings): L0Panel {
    const l0 = new L0Panel(livePanel(deps, L0_PANEL, `L0 Diagnostics ${settings.data}`), deps, L0_PANEL);
    l0.send({ kind: 'live', id, settings });
    return l0;
  }

  static open(deps: PanelDeps, folder: string): Promise<void> {
    return openSavedRun(deps, L0_PANEL, folder);
  }

  static restore(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    return restorePanel(deps, L0_PANEL, panel, state);
  }

  progress(message: string, fraction: number): void {
    this.send({ kind: 'progress', message, fraction });
  }

  start(start: L0SweepStart): void {
    this.send({ kind: 'start', start });
  }

  row(row: L0SweepRow, recommended: L0RecommendationData | null): void {
    this.send({ kind: 'row', row, recommended });
  }
}

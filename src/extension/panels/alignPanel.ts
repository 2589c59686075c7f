/** An Alignment panel: an alignment job's progress while it runs, then the saved run. */
import * as vscode from 'vscode';
import { parseFromAlignView, type FromAlignView, type AlignRunRecord, type AlignSettings, type ToAlignView } from '../../shared/protocol';
import { readAlignRun } from '../runs/alignRunFolder';
import { copyAlignPython } from '../copyPython/labPanelsCopyPython';
import { DiagnosticPanel, livePanel, openSavedRun, restorePanel, type DiagnosticPanelKind } from './diagnosticPanel';
import type { PanelDeps } from './runPanel';

export const ALIGN_VIEW_TYPE = 'saescope.align';

type AlignCopyPython = Extract<FromAlignView, { kind: 'copyPython' }>;

const ALIGN_PANEL: DiagnosticPanelKind<AlignRunRecord, AlignCopyPython> = {
  viewType: ALIGN_VIEW_TYPE,
  entry: 'align',
  logName: 'alignment panel',
  savedTitle: (name) => `Alignment ${name}`,
  stoppedMessage: 'This alignment was still running when the window closed, so it stopped before it was saved; run it again.',
  parseRequest: parseFromAlignView,
  readRun: readAlignRun,
  copyPython: ({ record }) => copyAlignPython(record),
};

export class AlignPanel extends DiagnosticPanel<AlignRunRecord, ToAlignView, AlignCopyPython> {
  /** A panel for an alignment that runs now. */
  static live(deps: PanelDeps, id: string, settings: AlignSettings): AlignPanel {
    const align = new AlignPanel(livePanel(deps, ALIGN_PANEL, 'Alignment'), deps, ALIGN_PANEL);
    align.send({ kind: 'running', id, settings });
    return align;
  }

  static open(deps: PanelDeps, folder: string): Promise<void> {
    return openSavedRun(deps, ALIGN_PANEL, folder);
  }

  static restore(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    return restorePanel(deps, ALIGN_PANEL, panel, state);
  }

  progress(message: string, fraction: number | undefined): void {
    this.sendProgress({ kind: 'progress', message, fraction: fraction ?? null });
  }
}

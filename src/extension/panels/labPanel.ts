/** A Dynamics lab panel: one lab diagnostic, its progress while it runs, then the saved run. */
import * as vscode from 'vscode';
import { parseFromLabView, type FromLabView, type LabRunRecord, type LabSettings, type ToLabView } from '../../shared/protocol';
import { readLabRun } from '../runs/labRunFolder';
import { copyLabPython } from '../copyPython/labPanelsCopyPython';
import { DiagnosticPanel, livePanel, openSavedRun, restorePanel, type DiagnosticPanelKind } from './diagnosticPanel';
import type { PanelDeps } from './runPanel';

export const LAB_VIEW_TYPE = 'saescope.lab';

type LabCopyPython = Extract<FromLabView, { kind: 'copyPython' }>;

const LAB_PANEL: DiagnosticPanelKind<LabRunRecord, LabCopyPython> = {
  viewType: LAB_VIEW_TYPE,
  entry: 'lab',
  logName: 'lab panel',
  savedTitle: (name) => `Lab ${name}`,
  stoppedMessage: 'This diagnostic was still running when the window closed, so it stopped before it was saved; run it again.',
  parseRequest: parseFromLabView,
  readRun: readLabRun,
  copyPython: (request) => copyLabPython(request),
};

const TITLES: Record<LabSettings['mode'], string> = { fitTime: 'Lab: loss against time', width: 'Lab: loss against width', probe: 'Lab: truth probes' };

export class LabPanel extends DiagnosticPanel<LabRunRecord, ToLabView, LabCopyPython> {
  /** A panel for a diagnostic that runs now. */
  static live(deps: PanelDeps, id: string, settings: LabSettings): LabPanel {
    const lab = new LabPanel(livePanel(deps, LAB_PANEL, TITLES[settings.mode]), deps, LAB_PANEL);
    lab.send({ kind: 'running', id, settings });
    return lab;
  }

  static open(deps: PanelDeps, folder: string): Promise<void> {
    return openSavedRun(deps, LAB_PANEL, folder);
  }

  static restore(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    return restorePanel(deps, LAB_PANEL, panel, state);
  }

  progress(message: string): void {
    this.sendProgress({ kind: 'progress', message });
  }
}

/** A Dynamics panel: one LLC or influence job, drawn as it runs (each checkpoint's λ̂ as it is done), then the saved run. */
import * as vscode from 'vscode';
import { parseFromDynamicsView, type FromDynamicsView, type CheckpointLlcView, type DynamicsJob, type DynamicsRunRecord, type ToDynamicsView } from '../../shared/protocol';
import { readDynamicsRun } from '../runs/dynamicsRunFolder';
import { copyDynamicsPython } from '../copyPython/labPanelsCopyPython';
import { DiagnosticPanel, livePanel, openSavedRun, restorePanel, type DiagnosticPanelKind } from './diagnosticPanel';
import type { PanelDeps } from './runPanel';

export const DYNAMICS_VIEW_TYPE = 'saescope.dynamics';

type DynamicsCopyPython = Extract<FromDynamicsView, { kind: 'copyPython' }>;

const DYNAMICS_PANEL: DiagnosticPanelKind<DynamicsRunRecord, DynamicsCopyPython> = {
  viewType: DYNAMICS_VIEW_TYPE,
  entry: 'dynamics',
  logName: 'dynamics panel',
  savedTitle: (name) => name,
  stoppedMessage: 'This job was still running when the window closed, so it stopped before it was saved; run it again.',
  parseRequest: parseFromDynamicsView,
  readRun: readDynamicsRun,
  copyPython: ({ record }) => copyDynamicsPython(record),
};

export function dynamicsTitle(job: DynamicsJob): string {
  if (job.kind === 'influence') return 'Influence trajectories';
  return job.settings.mode === 'family' ? `LLC: ${job.settings.model}` : 'LLC across checkpoints';
}

export class DynamicsPanel extends DiagnosticPanel<DynamicsRunRecord, ToDynamicsView, DynamicsCopyPython> {
  /** A panel for a job that runs now. */
  static live(deps: PanelDeps, id: string, job: DynamicsJob): DynamicsPanel {
    const dynamics = new DynamicsPanel(livePanel(deps, DYNAMICS_PANEL, dynamicsTitle(job)), deps, DYNAMICS_PANEL);
    dynamics.send({ kind: 'running', id, job });
    return dynamics;
  }

  static open(deps: PanelDeps, folder: string): Promise<void> {
    return openSavedRun(deps, DYNAMICS_PANEL, folder);
  }

  static restore(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    return restorePanel(deps, DYNAMICS_PANEL, panel, state);
  }

  checkpoint(checkpoint: CheckpointLlcView): void {
    this.send({ kind: 'checkpoint', checkpoint });
  }

  progress(message: string): void {
    this.sendProgress({ kind: 'progress', message });
  }
}

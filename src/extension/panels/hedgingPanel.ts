/** A Hedging panel: one hedging diagnostic, drawn part by part while it runs, then the saved run. */
import * as vscode from 'vscode';
import { parseFromHedgingView, type FromHedgingView, type HedgingPart, type HedgingRunRecord, type HedgingSettings, type ToHedgingView } from '../../shared/protocol';
import { copyPython } from '../copyPython/copyPython';
import { hedgingSnippet } from '../copyPython/hedgingSnippet';
import { readHedgingRun } from '../runs/hedgingRunFolder';
import { DiagnosticPanel, livePanel, openSavedRun, restorePanel, type DiagnosticPanelKind } from './diagnosticPanel';
import type { PanelDeps } from './runPanel';

export const HEDGING_VIEW_TYPE = 'saescope.hedging';

type HedgingCopyPython = Extract<FromHedgingView, { kind: 'copyPython' }>;

const COPIED: Record<HedgingSettings['mode'], string> = { toys: 'θ* and trained θ', sae: 'hedging degree', gamma: 'γ sweep' };

const HEDGING_PANEL: DiagnosticPanelKind<HedgingRunRecord, HedgingCopyPython> = {
  viewType: HEDGING_VIEW_TYPE,
  entry: 'hedging',
  logName: 'hedging panel',
  savedTitle: (name) => `Hedging ${name}`,
  stoppedMessage: 'This diagnostic was still running when the window closed, so it stopped before it was saved; run it again.',
  parseRequest: parseFromHedgingView,
  readRun: readHedgingRun,
  copyPython: ({ outcome }) => copyPython(hedgingSnippet(outcome), `this ${COPIED[outcome.mode]}`),
};

const TITLES: Record<HedgingSettings['mode'], string> = { toys: 'Hedging: single-latent toys', sae: 'Hedging degree', gamma: 'Hedging: γ sweep' };

export class HedgingPanel extends DiagnosticPanel<HedgingRunRecord, ToHedgingView, HedgingCopyPython> {
  /** A panel for a diagnostic that runs now. */
  static live(deps: PanelDeps, id: string, settings: HedgingSettings): HedgingPanel {
    const hedging = new HedgingPanel(livePanel(deps, HEDGING_PANEL, TITLES[settings.mode]), deps, HEDGING_PANEL);
    hedging.send({ kind: 'running', id, settings });
    return hedging;
  }

  static open(deps: PanelDeps, folder: string): Promise<void> {
    return openSavedRun(deps, HEDGING_PANEL, folder);
  }

  static restore(deps: PanelDeps, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    return restorePanel(deps, HEDGING_PANEL, panel, state);
  }

  part(part: HedgingPart): void {
    this.send({ kind: 'part', part });
  }

  progress(message: string): void {
    this.sendProgress({ kind: 'progress', message });
  }
}

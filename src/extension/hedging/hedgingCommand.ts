/**
 * SAE Scope: Run Hedging Diagnostics…: pick the diagnostic (the toys and the γ sweep start at once on their default
 * toys; an SAE asks for the SAE and the data), run it in the worker under a cancellable progress notification, draw
 * each part in a Hedging panel as it finishes, and save the run — on Cancel, with the parts that finished.
 */
import * as vscode from 'vscode';
import { withPart, type HedgingOutcome, type HedgingRunRecord, type HedgingSettings } from '../../shared/protocol';
import { pickDataSource } from '../dataSourcePick';
import { JobCancelledError, type EngineClient } from '../engineClient';
import { HedgingPanel } from '../panels/hedgingPanel';
import type { PanelDeps } from '../panels/runPanel';
import { hedgingRunId, saveHedgingRun } from '../runs/hedgingRunFolder';
import { sweepStaging } from '../runs/runFolder';
import { pickSae, weightsFileOf } from '../saeLocation';
import { hedgingSteps, runsFolder } from '../settings';
import { defaultGammaSettings, defaultToySettings, describeOutcome, describePart, hasResults, saeSettings } from './hedgingSummary';

export interface HedgingDeps extends PanelDeps {
  client: EngineClient;
  /** Called when a run is saved, so the runs view refreshes. */
  onRunSaved: () => void;
}

interface ModeItem extends vscode.QuickPickItem {
  mode: HedgingSettings['mode'];
}

const MODES: ModeItem[] = [
  {
    mode: 'toys',
    label: 'Single-latent toys',
    description: 'default',
    detail: 'the four toys of Feature Hedging (independent, hierarchical, correlated, anti-correlated): the trained latent beside θ* = ½·atan(2P₁₂/P₁)',
  },
  { mode: 'sae', label: 'Hedging degree of an SAE…', detail: 'continue a control and an extended copy (64 new latents) on data; h = (p − b)/(1 − b) against random baselines' },
  { mode: 'gamma', label: 'Balanced Matryoshka γ sweep', detail: 'the tree toy at γ = 0 … 5 and detached: absorption against hedging, and the balance point' },
];

/** `target`: an SAE file or folder from the explorer or the SAE Scope view, which goes straight to its hedging degree. */
export async function runHedgingCommand(deps: HedgingDeps, target?: vscode.Uri): Promise<void> {
  const runs = runsFolder();
  if (!runs) {
    void vscode.window.showErrorMessage('SAE Scope: open a folder first; runs are saved in the workspace.');
    return;
  }
  const settings = await askSettings(target);
  if (!settings) return;
  const { output, client } = deps;
  const startedAt = new Date();
  const id = hedgingRunId(startedAt, settings);
  output.info(`hedging ${id}: ${JSON.stringify(settings)}`);
  const panel = HedgingPanel.live(deps, id, settings);
  const started = performance.now();
  let lastPart = started;
  // What finished so far, kept for Cancel (the `as` keeps TypeScript from narrowing it to null: closures assign it).
  let soFar = null as HedgingOutcome | null;
  let outcome: HedgingOutcome;
  try {
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SAE Scope: hedging diagnostics ${id}`, cancellable: true },
      async (progress, token) => {
        let reported = 0;
        return client.run(
          { kind: 'hedging', settings },
          {
            token,
            onProgress: (p) => {
              if (p.hedgingPart) {
                const now = performance.now();
                output.info(`hedging ${id}: ${describePart(p.hedgingPart)} (${((now - lastPart) / 1000).toFixed(1)} s)`);
                lastPart = now;
                soFar = withPart(soFar, p.hedgingPart);
                panel.part(p.hedgingPart);
              } else {
                panel.progress(p.message);
                if (!/step \d+\//.test(p.message)) output.info(`hedging ${id}: ${p.message}`);
              }
              const fraction = p.fraction ?? reported;
              progress.report({ message: p.message, increment: 100 * (fraction - reported) });
              reported = fraction;
            },
          },
        );
      },
    );
  } catch (e) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (!(e instanceof JobCancelledError)) {
      const message = (e as Error).message;
      output.error(`hedging ${id}: ${message} (${seconds} s)`);
      panel.failed(`The diagnostic failed: ${message}`);
      void vscode.window.showErrorMessage(`SAE Scope: hedging diagnostics failed: ${message}`);
      return;
    }
    const kept = soFar;
    if (!hasResults(kept)) {
      output.info(`hedging ${id}: cancelled before anything finished; nothing was saved (${seconds} s)`);
      panel.failed('Cancelled before anything finished; nothing was saved.');
      return;
    }
    outcome = { ...kept, cancelled: true };
  }
  await save(deps, runs.fsPath, { kind: 'hedging', id, settings, startedAt: startedAt.toISOString(), seconds: (performance.now() - started) / 1000, outcome }, panel);
}

async function save(deps: HedgingDeps, runsDir: string, record: HedgingRunRecord, panel: HedgingPanel): Promise<void> {
  const { output } = deps;
  try {
    await sweepStaging(runsDir);
    const folder = await saveHedgingRun(runsDir, record);
    output.info(`hedging ${record.id}: ${describeOutcome(record.outcome)}; saved ${folder} after ${record.seconds.toFixed(1)} s`);
    deps.onRunSaved();
    await panel.showSaved(folder);
  } catch (e) {
    const message = (e as Error).message;
    output.error(`hedging ${record.id}: could not save: ${message}`);
    panel.failed(`The result could not be saved: ${message}`);
  }
}

async function askSettings(target?: vscode.Uri): Promise<HedgingSettings | undefined> {
  const steps = hedgingSteps();
  const mode = target ? 'sae' : (await vscode.window.showQuickPick(MODES, { title: 'Run Hedging Diagnostics', placeHolder: 'Which diagnostic', matchOnDetail: true }))?.mode;
  if (mode === 'toys') return defaultToySettings(steps);
  if (mode === 'gamma') return defaultGammaSettings(steps);
  if (mode !== 'sae') return undefined;
  const picked = target ?? (await pickSae('Hedging degree: the SAE (a weights file or its folder)'));
  if (!picked) return undefined;
  const weights = await weightsFileOf(picked);
  if (!weights) {
    void vscode.window.showErrorMessage(`SAE Scope: no SAE weights found in ${vscode.workspace.asRelativePath(picked)}.`);
    return undefined;
  }
  const data = await pickDataSource('Hedging degree: data to continue training on');
  if (!data) return undefined;
  return saeSettings(weights.fsPath, data, steps);
}

/**
 * SAE Scope: Open Dynamics Lab…: pick the diagnostic (each default starts at once on its built-in toy; the "on chosen
 * …" variants ask for files or settings; a run folder or loss file from the explorer goes straight to loss against
 * time), run it in the worker under a cancellable progress notification, and save the run — on Cancel, with what
 * finished — so the panel reopens from its folder without recomputing.
 */
import * as vscode from 'vscode';
import { labHasResults, type LabOutcome, type LabRunRecord, type LabSettings } from '../../shared/protocol';
import { JobCancelledError, type EngineClient } from '../engineClient';
import { LabPanel } from '../panels/labPanel';
import type { PanelDeps } from '../panels/runPanel';
import { labRunId, saveLabRun } from '../runs/labRunFolder';
import { sweepStaging } from '../runs/runFolder';
import { labSteps, runsFolder } from '../settings';
import { askProbeSettings, askWidthSettings, pickLossCurve } from './labPicks';
import { DEFAULT_WIDTHS, describeOutcome, describeSettings, fitTimeSettings, PEAKED_SOFTMAX, probeSettings, TRUTH_TOY, widthSettings } from './labSummary';

export interface LabDeps extends PanelDeps {
  client: EngineClient;
  /** Called when a run is saved, so the runs view refreshes. */
  onRunSaved: () => void;
}

interface ModeItem extends vscode.QuickPickItem {
  ask: (steps: number | null) => Promise<LabSettings | undefined> | LabSettings;
}

const MODES: ModeItem[] = [
  {
    label: 'Loss against time: peaked softmax',
    description: 'default',
    detail: 'train the peaked-softmax learner (SGD, lr 10) and fit L = a·t^−α on the last decade (theory 1/3), L = c·t^−α + L0, and the local slopes',
    ask: (steps) => fitTimeSettings(PEAKED_SOFTMAX, steps),
  },
  {
    label: 'Loss against time on chosen data…',
    detail: 'a saved toy run, or a loss file (.npy, .csv, .tsv, .json)',
    ask: async (steps) => {
      const curve = await pickLossCurve();
      return curve ? fitTimeSettings(curve, steps) : undefined;
    },
  },
  {
    label: 'Loss against width: superposition',
    detail: `the superposition toy (n = 128, p_i ∝ i^−1, strong regime) at m = ${DEFAULT_WIDTHS.join(', ')}: α_m, φ_{1/2} and the row overlap against 1/m`,
    ask: (steps) => widthSettings('strong', 1, DEFAULT_WIDTHS, steps),
  },
  { label: 'Loss against width on chosen settings…', detail: 'the regime, α and the widths', ask: askWidthSettings },
  {
    label: 'Truth probes: truth toy',
    detail: 'train the one-layer truth toy (N = 16, ρ = 0.99) and probe each position raw and normalised, with the conditional probabilities',
    ask: (steps) => probeSettings(TRUTH_TOY, null, null, steps),
  },
  { label: 'Truth probes on chosen data…', detail: 'an activations file (a layer of it) and a labels file', ask: askProbeSettings },
];

/** `target`: a run folder or loss file from the explorer or the Runs view, which goes straight to loss against time. */
export async function openDynamicsLabCommand(deps: LabDeps, target?: vscode.Uri): Promise<void> {
  const runs = runsFolder();
  if (!runs) {
    void vscode.window.showErrorMessage('SAE Scope: open a folder first; runs are saved in the workspace.');
    return;
  }
  const steps = labSteps();
  let settings: LabSettings | undefined;
  if (target) {
    settings = fitTimeSettings(target.fsPath, steps);
  } else {
    const mode = await vscode.window.showQuickPick(MODES, { title: 'Open Dynamics Lab', placeHolder: 'Which diagnostic', matchOnDetail: true });
    settings = mode && (await mode.ask(steps));
  }
  if (settings) await runLab(deps, runs.fsPath, settings);
}

async function runLab(deps: LabDeps, runsDir: string, settings: LabSettings): Promise<void> {
  const { output, client } = deps;
  const startedAt = new Date();
  const id = labRunId(startedAt, settings);
  output.info(`lab ${id}: ${describeSettings(settings)}; settings ${JSON.stringify(settings)}`);
  const panel = LabPanel.live(deps, id, settings);
  const started = performance.now();
  let outcome: LabOutcome;
  try {
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SAE Scope: dynamics lab ${id}`, cancellable: true },
      async (progress, token) => {
        let reported = 0;
        return client.run(
          { kind: 'lab', settings },
          {
            token,
            // The job answers a cancel with what finished (the records trained so far, the widths done).
            partialOnCancel: true,
            onProgress: (p) => {
              panel.progress(p.message);
              if (!/step \d+\//.test(p.message)) output.info(`lab ${id}: ${p.message}`);
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
    if (e instanceof JobCancelledError) {
      output.info(`lab ${id}: cancelled before anything finished; nothing was saved (${seconds} s)`);
      panel.failed('Cancelled before anything finished; nothing was saved.');
      return;
    }
    const message = (e as Error).message;
    output.error(`lab ${id}: ${message} (${seconds} s)`);
    panel.failed(`The diagnostic failed: ${message}`);
    void vscode.window.showErrorMessage(`SAE Scope: dynamics lab failed: ${message}`);
    return;
  }
  const seconds = (performance.now() - started) / 1000;
  if (!labHasResults(outcome)) {
    output.info(`lab ${id}: cancelled before anything finished; nothing was saved (${seconds.toFixed(1)} s)`);
    panel.failed('Cancelled before anything finished; nothing was saved.');
    return;
  }
  const record: LabRunRecord = { kind: 'lab', id, settings, startedAt: startedAt.toISOString(), seconds, outcome };
  try {
    await sweepStaging(runsDir);
    const folder = await saveLabRun(runsDir, record);
    output.info(`lab ${id}: ${describeOutcome(outcome)}; saved ${folder} after ${seconds.toFixed(1)} s`);
    deps.onRunSaved();
    await panel.showSaved(folder);
  } catch (e) {
    const message = (e as Error).message;
    output.error(`lab ${id}: could not save: ${message}`);
    panel.failed(`The result could not be saved: ${message}`);
  }
}

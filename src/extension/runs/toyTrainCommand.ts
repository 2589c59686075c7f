/**
 * SAE Scope: Train Toy Model…: pick a preset and the steps, train in the worker under a cancellable progress
 * notification with the live dashboard beside, log parameters and timings, and save the run (a cancelled one with
 * the checkpoints it wrote) under the runs folder.
 */
import * as vscode from 'vscode';
import type { ToyPresetInfo, ToyTrainSettings } from '../../shared/protocol';
import { JobCancelledError } from '../engineClient';
import { RunPanel } from '../panels/runPanel';
import { runsFolder } from '../settings';
import type { TrainDeps } from './trainCommand';
import { numberProblem } from './trainPicks';
import { trainToyRun } from './toyRun';

export async function trainToyModelCommand(deps: TrainDeps): Promise<void> {
  const runs = runsFolder();
  if (!runs) {
    void vscode.window.showErrorMessage('SAE Scope: open a folder first; runs are saved in the workspace.');
    return;
  }
  const settings = await askToySettings(await deps.client.run({ kind: 'toyModelPresets' }));
  if (!settings) return;
  const { output } = deps;
  let panel: RunPanel | undefined;
  let label = settings.preset;
  let reported = 0;
  const started = new Date();
  const clock = performance.now();
  try {
    const saved = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SAE Scope: training toy model ${settings.preset}`, cancellable: true },
      (progress, token) =>
        trainToyRun(deps.client, runs.fsPath, settings, started, {
          token,
          onStaged: (id, staging) => {
            label = id;
            output.info(`train toy ${id}: ${JSON.stringify(settings)}`);
            panel = RunPanel.liveToy(deps, id, settings, staging);
          },
          onProgress: (p) => {
            if (p.checkpoint) panel?.checkpoint(p.checkpoint);
            if (!p.record) {
              output.info(`train toy ${label}: ${p.message}`);
              return;
            }
            panel?.toyRecord(p.record);
            const fraction = p.fraction ?? 0;
            progress.report({ message: p.message, increment: 100 * (fraction - reported) });
            reported = fraction;
          },
        }),
    );
    const { folder, record } = saved;
    const seconds = ((performance.now() - clock) / 1000).toFixed(1);
    output.info(`train toy ${record.id}: ${record.cancelled ? `cancelled at step ${record.steps}, ` : ''}saved ${folder} after ${seconds} s (${record.steps} steps, ${record.checkpoints.length} checkpoints)`);
    deps.onRunSaved();
    await panel?.showSaved(folder);
    void vscode.window.showInformationMessage(
      record.cancelled
        ? `SAE Scope: toy run ${record.id} cancelled at step ${record.steps}; its ${record.checkpoints.length} checkpoints were kept.`
        : `SAE Scope: toy run ${record.id} saved.`,
    );
  } catch (e) {
    const cancelled = e instanceof JobCancelledError;
    const message = cancelled ? 'cancelled before any step; nothing was saved' : (e as Error).message;
    output[cancelled ? 'info' : 'error'](`train toy ${label}: ${message} (${((performance.now() - clock) / 1000).toFixed(1)} s)`);
    panel?.failed(cancelled ? 'Training was cancelled; nothing was saved.' : `Training failed: ${message}`);
    if (!cancelled) void vscode.window.showErrorMessage(`SAE Scope: toy model training failed: ${message}`);
  }
}

/** The preset (with its one-line summary) and the steps (the preset's by default); undefined when the user backs out. */
async function askToySettings(presets: ToyPresetInfo[]): Promise<ToyTrainSettings | undefined> {
  const picked = await vscode.window.showQuickPick(
    presets.map((p) => ({ label: p.name, description: `${p.defaultSteps} steps`, detail: p.summary, preset: p })),
    { title: 'Train Toy Model (1/2): preset', placeHolder: 'Toy model', matchOnDetail: true },
  );
  if (!picked) return undefined;
  const typed = await vscode.window.showInputBox({
    title: 'Train Toy Model (2/2): steps',
    prompt: `Training steps (the preset's default: ${picked.preset.defaultSteps})`,
    value: String(picked.preset.defaultSteps),
    validateInput: (text) => numberProblem(text, 'positive-integer'),
  });
  if (typed === undefined) return undefined;
  const steps = Number(typed.trim());
  return { preset: picked.preset.name, steps, seed: 0, overrides: {}, checkpointEvery: Math.max(1, Math.floor(steps / 4)) };
}

/**
 * SAE Scope: Train SAE…: ask for the settings, train in the worker under a cancellable progress notification,
 * stream progress to the output channel and a live Run panel, and save the run under the runs folder.
 */
import * as vscode from 'vscode';
import type { RunRecord, TrainPoint } from '../../shared/protocol';
import { JobCancelledError, type EngineClient } from '../engineClient';
import { RunPanel, type PanelDeps } from '../panels/runPanel';
import { runsFolder } from '../settings';
import { commitRun, discardRun, runId, stageRun, sweepStaging } from './runFolder';
import { askTrainSettings } from './trainPicks';

export interface TrainDeps extends PanelDeps {
  client: EngineClient;
  /** Called when a run is saved, so the runs view refreshes. */
  onRunSaved: () => void;
}

export async function trainSaeCommand(deps: TrainDeps): Promise<void> {
  const runs = runsFolder();
  if (!runs) {
    void vscode.window.showErrorMessage('SAE Scope: open a folder first; runs are saved in the workspace.');
    return;
  }
  const settings = await askTrainSettings();
  if (!settings) return;
  const { output, client } = deps;
  const startedAt = new Date();
  const id = runId(startedAt, settings);
  await sweepStaging(runs.fsPath);
  const staged = await stageRun(runs.fsPath, id, settings);
  output.info(`train ${id}: ${JSON.stringify(settings)}`);
  const panel = RunPanel.live(deps, id, settings, staged.staging);
  const history: TrainPoint[] = [];
  const started = performance.now();
  try {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SAE Scope: training ${id}`, cancellable: true },
      async (progress, token) => {
        let reported = 0;
        return client.run(
          { kind: 'trainSae', settings, out: staged.saeOut },
          {
            token,
            onProgress: (p) => {
              output.info(`train ${id}: ${p.message}`);
              if (p.checkpoint) panel.checkpoint(p.checkpoint);
              if (!p.point) return;
              history.push(p.point);
              panel.point(p.point);
              const fraction = p.point.step / p.point.totalSteps;
              progress.report({ message: p.message, increment: 100 * (fraction - reported) });
              reported = fraction;
            },
          },
        );
      },
    );
    if (outcome.cancelled) throw new JobCancelledError('trainSae');
    const seconds = (performance.now() - started) / 1000;
    const record: RunRecord = { id, settings, startedAt: startedAt.toISOString(), seconds, history: outcome.history, metrics: outcome.metrics, checkpoints: outcome.checkpoints };
    const folder = await commitRun(staged, record);
    output.info(`train ${id}: saved ${folder} after ${seconds.toFixed(1)} s (${outcome.steps} steps)`);
    deps.onRunSaved();
    await panel.showSaved(folder);
    const open = await vscode.window.showInformationMessage(`SAE Scope: run ${id} saved.`, 'Open SAE');
    if (open) await vscode.commands.executeCommand('saescope.openSae', vscode.Uri.file(folder));
  } catch (e) {
    await discardRun(staged);
    const cancelled = e instanceof JobCancelledError;
    const message = cancelled ? 'cancelled; nothing was saved' : (e as Error).message;
    output[cancelled ? 'info' : 'error'](`train ${id}: ${message} (${((performance.now() - started) / 1000).toFixed(1)} s, ${history.length} reports)`);
    panel.failed(cancelled ? 'Training was cancelled; nothing was saved.' : `Training failed: ${message}`);
    if (!cancelled) void vscode.window.showErrorMessage(`SAE Scope: training failed: ${message}`);
  }
}

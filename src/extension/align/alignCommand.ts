/**
 * SAE Scope: Align Two Models…: pick A and B (or take the two selected in the explorer), where the SAEs come from,
 * then run the alignment in the worker under a cancellable progress notification, log its parameters and timings,
 * save it as a run and show it in an Alignment panel. A cancelled or failed alignment saves nothing.
 */
import * as vscode from 'vscode';
import type { AlignSettings } from '../../shared/protocol';
import { JobCancelledError, type EngineClient } from '../engineClient';
import { AlignPanel } from '../panels/alignPanel';
import type { PanelDeps } from '../panels/runPanel';
import { alignRunId, saveAlignRun } from '../runs/alignRunFolder';
import { sweepStaging } from '../runs/runFolder';
import { runsFolder } from '../settings';
import { defaultAlignSettings } from './alignDefaults';
import { pickModel, pickSaes } from './alignPicks';

export interface AlignDeps extends PanelDeps {
  client: EngineClient;
  /** Called when a run is saved, so the runs view refreshes. */
  onRunSaved: () => void;
}

/** `clicked` / `selected`: the explorer's context menu; two selected items are A and B. */
export async function alignModelsCommand(deps: AlignDeps, clicked?: vscode.Uri, selected?: vscode.Uri[]): Promise<void> {
  const runs = runsFolder();
  if (!runs) {
    void vscode.window.showErrorMessage('SAE Scope: open a folder first; runs are saved in the workspace.');
    return;
  }
  const chosen = selected && selected.length === 2 ? selected.map((u) => u.fsPath) : clicked instanceof vscode.Uri ? [clicked.fsPath] : [];
  const a = chosen[0] ?? (await pickModel('Align Two Models (1/3): model A, the source'));
  if (!a) return;
  const b = chosen[1] ?? (await pickModel('Align Two Models (2/3): model B, the target'));
  if (!b) return;
  const saes = await pickSaes('Align Two Models (3/3): SAEs');
  if (saes === undefined) return;
  await runAlignment(deps, runs.fsPath, defaultAlignSettings(a, b, saes));
}

async function runAlignment(deps: AlignDeps, runsDir: string, settings: AlignSettings): Promise<void> {
  const { output, client } = deps;
  const startedAt = new Date();
  const id = alignRunId(startedAt);
  output.info(`align ${id}: ${JSON.stringify(settings)}`);
  const panel = AlignPanel.live(deps, id, settings);
  const started = performance.now();
  const elapsed = () => ((performance.now() - started) / 1000).toFixed(1);
  try {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SAE Scope: aligning ${vscode.workspace.asRelativePath(settings.a)} → ${vscode.workspace.asRelativePath(settings.b)}`, cancellable: true },
      async (progress, token) => {
        let reported = 0;
        return client.run(
          { kind: 'alignModels', settings },
          {
            token,
            onProgress: (p) => {
              panel.progress(p.message, p.fraction);
              // Lines without a fraction are the engine's log (every tenth of training, each comparison); the rest is the bar.
              if (p.fraction === undefined) output.info(`align ${id}: ${p.message} (at ${elapsed()} s)`);
              const fraction = p.fraction ?? reported;
              progress.report({ message: p.message, increment: 100 * (fraction - reported) });
              reported = fraction;
            },
          },
        );
      },
    );
    const seconds = (performance.now() - started) / 1000;
    output.info(`align ${id}: done in ${seconds.toFixed(1)} s`);
    await sweepStaging(runsDir);
    const folder = await saveAlignRun(runsDir, { kind: 'align', id, settings, startedAt: startedAt.toISOString(), seconds, outcome });
    output.info(`align ${id}: saved ${folder}`);
    deps.onRunSaved();
    await panel.showSaved(folder);
  } catch (e) {
    if (e instanceof JobCancelledError) {
      output.info(`align ${id}: cancelled after ${elapsed()} s; nothing was saved`);
      panel.failed('Cancelled; nothing was saved.');
      return;
    }
    const message = (e as Error).message;
    output.error(`align ${id}: ${message} (${elapsed()} s)`);
    panel.failed(`The alignment failed: ${message}`);
    void vscode.window.showErrorMessage(`SAE Scope: alignment failed: ${message}`);
  }
}

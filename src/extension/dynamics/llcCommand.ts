/**
 * SAE Scope: Estimate LLC…: a regression family on its built-in data (no further questions), or λ̂ at every checkpoint
 * of a saved toy run (picked, or the run folder right-clicked in the explorer or the SAE Scope view).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LLC_MODELS, type LlcModel, type LlcSettings } from '../../shared/protocol';
import { isToyRun, listRuns } from '../runs/runFolder';
import { runsFolder } from '../settings';
import { runDynamicsJob, type DynamicsDeps } from './dynamicsJob';
import { llcDraws } from './dynamicsSettings';
import { checkpointFolderOf, LLC_MODEL_LABELS, LLC_RUN_PRESETS } from './dynamicsSummary';

type Item = vscode.QuickPickItem & ({ model: LlcModel } | { run: string } | { separator: true });

/** A run folder from the explorer (a Uri) or the SAE Scope view (a run node with its folder). */
export function targetFolder(target: unknown): string | undefined {
  if (target instanceof vscode.Uri) return target.fsPath;
  const folder = (target as { folder?: unknown } | undefined)?.folder;
  return typeof folder === 'string' ? folder : undefined;
}

export async function estimateLlcCommand(deps: DynamicsDeps, target?: unknown): Promise<void> {
  const runs = runsFolder();
  if (!runs) {
    void vscode.window.showErrorMessage('SAE Scope: open a folder first; runs are saved in the workspace.');
    return;
  }
  const settings = await askSettings(runs.fsPath, targetFolder(target));
  if (!settings) return;
  await runDynamicsJob(deps, runs.fsPath, { kind: 'llc', settings }, 'estimating the LLC');
}

async function askSettings(runsDir: string, folder: string | undefined): Promise<LlcSettings | undefined> {
  const draws = llcDraws();
  if (folder) return runSettings(folder, draws);
  const saved = (await listRuns(runsDir)).filter(isToyRun).filter((r) => LLC_RUN_PRESETS.includes(r.settings.preset) && r.checkpoints.length > 0);
  const items: Item[] = [
    ...LLC_MODELS.map((model, i): Item => ({ model, label: LLC_MODEL_LABELS[model].label, description: i === 0 ? 'default' : 'built-in data', detail: LLC_MODEL_LABELS[model].detail })),
    ...(saved.length ? [{ label: 'saved toy runs', kind: vscode.QuickPickItemKind.Separator, separator: true } as Item] : []),
    ...saved.map((r): Item => ({ run: path.join(runsDir, r.id), label: r.id, description: `${r.settings.preset} · ${r.steps} steps`, detail: `λ̂ at each of its ${r.checkpoints.length} checkpoints beside the loss curve and its stages` })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Estimate LLC', placeHolder: 'A regression family on its built-in data, or a saved toy run', matchOnDetail: true });
  if (!picked || 'separator' in picked) return undefined;
  if ('model' in picked) return { mode: 'family', model: picked.model, x: null, y: null, draws, seed: 0 };
  return runSettings(picked.run, draws);
}

async function runSettings(folder: string, draws: number | null): Promise<LlcSettings | undefined> {
  const checkpoints = await checkpointFolderOf(folder);
  if (!checkpoints) {
    void vscode.window.showErrorMessage(`SAE Scope: ${vscode.workspace.asRelativePath(folder)} holds no toy-model checkpoints (step_<n>.safetensors); train one with Train Toy Model….`);
    return undefined;
  }
  return { mode: 'run', run: checkpoints, draws, every: 1, seed: 0 };
}

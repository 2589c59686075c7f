/** The questions Align Two Models… asks: the two models (files, toy runs, or anything browsed to) and where the SAEs come from. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ACTIVATION_GLOB, EXCLUDE_GLOB } from '../dataSourcePick';
import { isToyRun, listRuns } from '../runs/runFolder';
import { pickSae, SAE_WEIGHT_FILES } from '../saeLocation';
import { runsFolder } from '../settings';

interface TargetItem extends vscode.QuickPickItem {
  /** A path, or undefined for "Browse…". */
  target: string | undefined;
}

/** Model A or B: a workspace .npy/.safetensors (activations, or a longon-tms checkpoint), a saved longon-tms run, or any path. */
export async function pickModel(title: string): Promise<string | undefined> {
  const runs = runsFolder();
  const toyRuns = runs ? (await listRuns(runs.fsPath)).filter(isToyRun).filter((r) => r.settings.preset === 'longon-tms' && r.checkpoints.length > 0) : [];
  const files = await vscode.workspace.findFiles(ACTIVATION_GLOB, EXCLUDE_GLOB, 500);
  const weightNames = new Set([...SAE_WEIGHT_FILES, 'sparsity.safetensors', 'trainer_state.safetensors'].map((f) => path.posix.basename(f)));
  const items: TargetItem[] = [
    ...toyRuns.map((r) => ({
      label: r.id,
      description: 'longon-tms run',
      detail: `its last checkpoint (step ${r.steps}); stimuli: the stream it was trained on`,
      target: path.join(runs!.fsPath, r.id),
    })),
    ...files
      .filter((uri) => !weightNames.has(path.posix.basename(uri.path)))
      .sort((x, y) => x.path.localeCompare(y.path))
      .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), description: 'workspace file', target: uri.fsPath })),
    { label: 'Browse…', description: 'an activation file, a longon-tms checkpoint, or a toy run folder', target: undefined },
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Activations [rows, units] of the same stimuli, or a longon-tms toy model', matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.target) return picked.target;
  const browsed = await vscode.window.showOpenDialog({ title, canSelectFiles: true, canSelectFolders: true, canSelectMany: false, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
  return browsed?.[0]?.fsPath;
}

/** null: train a ToySAE on each side; else the two SAEs (files or folders). */
export async function pickSaes(title: string): Promise<{ a: string; b: string } | null | undefined> {
  const items = [
    { label: 'Train a ToySAE for each', description: 'default', detail: 'TopK (k 7), width 4·units (toy models: their feature count), AdamW 1e-3, one epoch over the first 80% of the rows', given: false },
    { label: 'Use two SAEs…', detail: 'an SAE for A and one for B (any format SAE Scope loads), trained on each model’s units', given: true },
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Where the SAE latents come from' });
  if (!picked) return undefined;
  if (!picked.given) return null;
  const a = await pickSae('Align: the SAE of model A');
  if (!a) return undefined;
  const b = await pickSae('Align: the SAE of model B');
  if (!b) return undefined;
  return { a: a.fsPath, b: b.fsPath };
}

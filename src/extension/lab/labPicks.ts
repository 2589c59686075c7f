/** The questions of Open Dynamics Lab…'s "on chosen data" variants: a loss curve, activations and labels, width settings. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LabSettings } from '../../shared/protocol';
import { EXCLUDE_GLOB } from '../dataSourcePick';
import { isToyRun, listRuns } from '../runs/runFolder';
import { runsFolder } from '../settings';
import { DEFAULT_WIDTHS, parseWidths, probeSettings, widthSettings } from './labSummary';

interface PathItem extends vscode.QuickPickItem {
  path?: string;
  browse?: boolean;
}

/** A loss curve: a saved toy run (its records), or a workspace .npy / .csv / .tsv / .json, or any file by the dialog. */
export async function pickLossCurve(): Promise<string | undefined> {
  const runs = runsFolder();
  const saved = runs ? (await listRuns(runs.fsPath)).filter(isToyRun) : [];
  const runItems: PathItem[] = saved.map((run) => ({
    label: run.id,
    description: 'toy run',
    detail: `${run.settings.preset}, ${run.steps} steps, ${run.records.length} records`,
    path: path.join(runs!.fsPath, run.id),
  }));
  const files = await workspaceFiles('**/*.{npy,csv,tsv,json}', (uri) => !/(package(-lock)?|tsconfig|settings|launch|params|cfg)\.json$/.test(uri.path));
  return pickPath('Loss against time: the loss curve', 'A saved toy run or a loss file', [...runItems, ...separated(files)], { 'Loss curves': ['npy', 'csv', 'tsv', 'json'] });
}

async function pickActivations(): Promise<string | undefined> {
  const files = await workspaceFiles('**/*.{npy,safetensors,npz}', (uri) => !/(sae_weights|sae|sparsity)\.safetensors$/.test(uri.path));
  return pickPath('Truth probes: the activations ([rows, d])', 'A .npy, or a tensor of a .safetensors / .npz', files, { Activations: ['npy', 'safetensors', 'npz'] });
}

async function pickLabels(): Promise<string | undefined> {
  const files = await workspaceFiles('**/*.{npy,json,txt}', (uri) => !/(package(-lock)?|tsconfig|settings|launch)\.json$/.test(uri.path));
  return pickPath('Truth probes: the labels (one 0/1 per activation row)', 'A .npy, a JSON array, or one 0/1 per line', files, { Labels: ['npy', 'json', 'txt'] });
}

/** Probes on chosen files; a .safetensors / .npz asks for the tensor (empty when it holds one). */
export async function askProbeSettings(steps: number | null): Promise<LabSettings | undefined> {
  const activations = await pickActivations();
  if (!activations) return undefined;
  const labels = await pickLabels();
  if (!labels) return undefined;
  let layer: string | null = null;
  if (/\.(safetensors|npz)$/i.test(activations)) {
    const typed = await vscode.window.showInputBox({ title: 'Truth probes: the layer', prompt: 'The tensor to probe (leave empty when the file holds one)', placeHolder: 'e.g. blocks.6.hook_resid_post' });
    if (typed === undefined) return undefined;
    layer = typed.trim() || null;
  }
  return probeSettings(activations, labels, layer, steps);
}

/** Loss against width with a chosen regime, frequency exponent and widths. */
export async function askWidthSettings(steps: number | null): Promise<LabSettings | undefined> {
  const regime = await vscode.window.showQuickPick(
    [
      { label: 'strong', description: 'default', detail: 'signed weight decay γ = −1: every feature kept, rows overlapping as 1/m (α_m ≈ 1)', regime: 'strong' as const },
      { label: 'weak', detail: 'weight decay γ = +1: the rarest features dropped (α_m = α − 1)', regime: 'weak' as const },
    ],
    { title: 'Loss against width: the regime' },
  );
  if (!regime) return undefined;
  const alpha = await vscode.window.showInputBox({
    title: 'Loss against width: α of the feature frequencies p_i ∝ i^−α',
    value: '1',
    validateInput: (v) => (Number.isFinite(Number(v)) && Number(v) >= 0 && v.trim() !== '' ? undefined : 'a number ≥ 0'),
  });
  if (alpha === undefined) return undefined;
  const widths = await vscode.window.showInputBox({
    title: 'Loss against width: the widths m',
    value: DEFAULT_WIDTHS.join(', '),
    validateInput: (v) => (parseWidths(v) ? undefined : 'at least two positive integers, comma-separated'),
  });
  if (widths === undefined) return undefined;
  return widthSettings(regime.regime, Number(alpha), parseWidths(widths)!, steps);
}

async function workspaceFiles(glob: string, keep: (uri: vscode.Uri) => boolean): Promise<PathItem[]> {
  const files = await vscode.workspace.findFiles(glob, EXCLUDE_GLOB, 500);
  return files.filter(keep).map((uri) => ({ label: vscode.workspace.asRelativePath(uri), description: 'workspace file', path: uri.fsPath }));
}

const separated = (items: PathItem[]): PathItem[] => (items.length > 0 ? [{ label: '', kind: vscode.QuickPickItemKind.Separator }, ...items] : []);

async function pickPath(title: string, placeHolder: string, items: PathItem[], filters: Record<string, string[]>): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick([...items, { label: 'Browse…', description: 'pick a file', browse: true }], { title, placeHolder, matchOnDetail: true });
  if (!picked) return undefined;
  if (!picked.browse) return picked.path;
  const chosen = await vscode.window.showOpenDialog({
    title,
    canSelectFiles: true,
    canSelectFolders: false,
    canSelectMany: false,
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { ...filters, 'All files': ['*'] },
  });
  return chosen?.[0]?.fsPath;
}

/** The "SAE Scope" view: SAEs found in the workspace, and saved training runs. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunRecord, ToyRunRecord } from '../../shared/protocol';
import { EXCLUDE_GLOB } from '../dataSourcePick';
import { isToyRun, listRuns } from '../runs/runFolder';
import { alignRunItem, alignRunNodes, type AlignRunNode } from './alignRunNodes';
import { dynamicsRunItem, dynamicsRunNodes, type DynamicsRunNode } from './dynamicsRunNodes';
import { hedgingRunItem, hedgingRunNodes, type HedgingRunNode } from './hedgingRunNodes';
import { l0RunItem, l0RunNodes, type L0RunNode } from './l0RunNodes';
import { labRunItem, labRunNodes, type LabRunNode } from './labRunNodes';
import { runsFolder } from '../settings';

/** SAELens and sparsify folders (cfg.json beside the weights), Gemma Scope params.npz, Llama Scope hyperparams. */
const SAE_GLOB = '**/{sae_weights.safetensors,sae.safetensors,params.npz,hyperparams.json,ae.safetensors}';
const MAX_SAES = 500;

type Node =
  | { kind: 'group'; group: 'saes' | 'runs' }
  | { kind: 'sae'; uri: vscode.Uri }
  | { kind: 'run'; folder: string; record: RunRecord }
  | { kind: 'toyRun'; folder: string; record: ToyRunRecord }
  | HedgingRunNode
  | AlignRunNode
  | DynamicsRunNode
  | L0RunNode
  | LabRunNode
  | { kind: 'empty'; text: string };

export class SaeTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(node.group === 'saes' ? 'SAEs in the workspace' : 'Runs', vscode.TreeItemCollapsibleState.Expanded);
        item.contextValue = `saescope.${node.group}`;
        return item;
      }
      case 'sae': {
        const folder = vscode.Uri.joinPath(node.uri, '..');
        const item = new vscode.TreeItem(vscode.workspace.asRelativePath(folder), vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('symbol-array');
        item.resourceUri = node.uri;
        item.description = path.basename(node.uri.fsPath);
        item.contextValue = 'saescope.sae';
        item.command = { command: 'saescope.openSae', title: 'Open SAE', arguments: [node.uri] };
        return item;
      }
      case 'run': {
        const { record } = node;
        const item = new vscode.TreeItem(record.id, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('graph-line');
        const ev = record.metrics.find((m) => m.id === 'explained_variance');
        const l0 = record.metrics.find((m) => m.id === 'l0');
        item.description = [record.settings.data, l0 && `L0 ${l0.value.toFixed(2)}`, ev && `EV ${ev.value.toFixed(3)}`].filter(Boolean).join(' · ');
        item.tooltip = `${record.settings.arch}, width ${record.settings.width}, ${record.settings.steps} steps on ${record.settings.data}\n${node.folder}`;
        item.contextValue = 'saescope.run';
        item.resourceUri = vscode.Uri.file(node.folder);
        item.command = { command: 'saescope.openRun', title: 'Open Run', arguments: [vscode.Uri.file(node.folder)] };
        return item;
      }
      case 'toyRun':
        return toyRunItem(node.folder, node.record);
      case 'hedgingRun':
        return hedgingRunItem(node);
      case 'alignRun':
        return alignRunItem(node);
      case 'dynamicsRun':
        return dynamicsRunItem(node);
      case 'l0Run':
        return l0RunItem(node);
      case 'labRun':
        return labRunItem(node);
      case 'empty':
        return new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return [{ kind: 'group', group: 'saes' }, { kind: 'group', group: 'runs' }];
    if (node.kind !== 'group') return [];
    if (node.group === 'saes') {
      const found = await findSaes();
      return found.length > 0 ? found.map((uri) => ({ kind: 'sae', uri })) : [{ kind: 'empty', text: 'No SAE folders found' }];
    }
    const runs = runsFolder();
    const records = runs ? await listRuns(runs.fsPath) : [];
    const others = runs ? [...(await hedgingRunNodes(runs.fsPath)), ...(await l0RunNodes(runs.fsPath)), ...(await alignRunNodes(runs.fsPath)), ...(await labRunNodes(runs.fsPath)), ...(await dynamicsRunNodes(runs.fsPath))] : [];
    if (!runs || records.length + others.length === 0) return [{ kind: 'empty', text: 'No runs yet: SAE Scope: Train SAE…' }];
    const nodes: (Node & { folder: string })[] = records.map((record) => {
      const folder = path.join(runs.fsPath, record.id);
      return isToyRun(record) ? { kind: 'toyRun', folder, record } : { kind: 'run', folder, record };
    });
    // Run ids start with their start time, so newest first across every kind of run.
    return [...nodes, ...others].sort((a, b) => path.basename(b.folder).localeCompare(path.basename(a.folder)));
  }
}

function toyRunItem(folder: string, record: ToyRunRecord): vscode.TreeItem {
  const item = new vscode.TreeItem(record.id, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon('beaker');
  const loss = record.records.at(-1)?.loss;
  const status = record.cancelled ? `cancelled at step ${record.steps}` : `${record.steps} steps`;
  item.description = [record.settings.preset, status, loss !== undefined && `loss ${loss.toPrecision(3)}`].filter(Boolean).join(' · ');
  item.tooltip = `toy model ${record.settings.preset}, ${status}, ${record.checkpoints.length} checkpoints\n${folder}`;
  item.contextValue = 'saescope.toyRun';
  item.resourceUri = vscode.Uri.file(folder);
  item.command = { command: 'saescope.openRun', title: 'Open Run', arguments: [vscode.Uri.file(folder)] };
  return item;
}

/** Weight files of SAE layouts, one per folder, skipping runs' checkpoints (they show under Runs). */
async function findSaes(): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles(SAE_GLOB, EXCLUDE_GLOB, MAX_SAES);
  const byFolder = new Map<string, vscode.Uri>();
  for (const uri of files.sort((a, b) => a.path.localeCompare(b.path))) {
    const name = path.posix.basename(uri.path);
    // Llama Scope keeps its weights under checkpoints/ beside hyperparams.json.
    const weights = name === 'hyperparams.json' ? vscode.Uri.joinPath(uri, '..', 'checkpoints', 'final.safetensors') : uri;
    const folder = path.posix.dirname(uri.path);
    if (!byFolder.has(folder)) byFolder.set(folder, weights);
  }
  return [...byFolder.values()];
}

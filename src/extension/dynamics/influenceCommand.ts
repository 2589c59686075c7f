/**
 * SAE Scope: Influence Trajectories…: a saved `dln` run (picked, or right-clicked), or the default hierarchy toy trained
 * first and saved as a run; then the pairs (dog:oak, dog:sparrow, dog:cat chosen), and the trajectories in a Dynamics panel.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hierarchicalData } from '../../engine/toys/models/hierarchicalData';
import { JobCancelledError } from '../engineClient';
import { isToyRun, listRuns, readAnyRun } from '../runs/runFolder';
import { trainToyRun } from '../runs/toyRun';
import { runsFolder } from '../settings';
import { runDynamicsJob, type DynamicsDeps } from './dynamicsJob';
import { influenceDraws, influenceTrainSteps } from './dynamicsSettings';
import { checkpointFolderOf, DEFAULT_PAIRS, INFLUENCE_PRESET, itemPairs } from './dynamicsSummary';
import { targetFolder } from './llcCommand';

/** The hierarchy toy as the spec runs it: the dln preset, seed 0, a checkpoint every 100 steps. */
const HIERARCHY_DEPTH = 3;
const CHECKPOINT_EVERY = 100;

type RunItem = vscode.QuickPickItem & { folder: string | null; depth: number };

export async function influenceCommand(deps: DynamicsDeps, target?: unknown): Promise<void> {
  const runs = runsFolder();
  if (!runs) {
    void vscode.window.showErrorMessage('SAE Scope: open a folder first; runs are saved in the workspace.');
    return;
  }
  const chosen = await chooseRun(runs.fsPath, targetFolder(target));
  if (!chosen) return;
  const pairs = await choosePairs(hierarchicalData(chosen.depth).items);
  if (!pairs) return;
  const folder = chosen.folder ?? (await trainHierarchy(deps, runs.fsPath));
  if (!folder) return;
  const checkpoints = await checkpointFolderOf(folder);
  if (!checkpoints) {
    void vscode.window.showErrorMessage(`SAE Scope: ${vscode.workspace.asRelativePath(folder)} holds no toy-model checkpoints (step_<n>.safetensors).`);
    return;
  }
  await runDynamicsJob(deps, runs.fsPath, { kind: 'influence', settings: { run: checkpoints, pairs, draws: influenceDraws(), every: null, seed: 0 } }, 'influence trajectories');
}

async function chooseRun(runsDir: string, folder: string | undefined): Promise<{ folder: string | null; depth: number } | undefined> {
  if (folder) return { folder, depth: await runDepth(folder) };
  const saved = (await listRuns(runsDir)).filter(isToyRun).filter((r) => r.settings.preset === INFLUENCE_PRESET && r.checkpoints.length > 1);
  const steps = influenceTrainSteps();
  const items: RunItem[] = [
    { folder: null, depth: HIERARCHY_DEPTH, label: 'Train the hierarchy toy first', description: 'default', detail: `the deep linear network on 8 items (dog … daisy), ${steps ?? 3000} steps, a checkpoint every ${CHECKPOINT_EVERY}, saved as a run` },
    ...saved.map((r): RunItem => ({ folder: path.join(runsDir, r.id), depth: Number(r.config.depth) || HIERARCHY_DEPTH, label: r.id, description: `dln · ${r.steps} steps`, detail: `${r.checkpoints.length} checkpoints` })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Influence Trajectories', placeHolder: 'A deep-linear (dln) run', matchOnDetail: true });
  return picked && { folder: picked.folder, depth: picked.depth };
}

/** The hierarchy's depth from a saved run's configuration; the default toy's otherwise (the engine checks the names). */
async function runDepth(folder: string): Promise<number> {
  try {
    const run = await readAnyRun(folder);
    return isToyRun(run) ? Number(run.config.depth) || HIERARCHY_DEPTH : HIERARCHY_DEPTH;
  } catch {
    return HIERARCHY_DEPTH;
  }
}

async function choosePairs(items: string[]): Promise<string[] | undefined> {
  // The default pairs first, in their order (ancestor split first): the chosen pairs come back in list order.
  const all = itemPairs(items);
  const defaults = DEFAULT_PAIRS.filter((pair) => all.includes(pair));
  const options = [...defaults, ...all.filter((pair) => !defaults.includes(pair))].map((pair) => ({ label: pair, picked: defaults.includes(pair) }));
  const picked = await vscode.window.showQuickPick(options, { title: 'Influence Trajectories: pairs', placeHolder: 'source:target pairs (the correlation is symmetric)', canPickMany: true });
  if (!picked) return undefined;
  if (picked.length === 0) {
    void vscode.window.showErrorMessage('SAE Scope: choose at least one pair.');
    return undefined;
  }
  return picked.map((p) => p.label);
}

/** Trains the default dln toy as a saved run (Train Toy Model's run folder); returns its folder, or undefined if stopped. */
async function trainHierarchy(deps: DynamicsDeps, runsDir: string): Promise<string | undefined> {
  const steps = influenceTrainSteps() ?? 3000;
  const settings = { preset: INFLUENCE_PRESET, steps, seed: 0, overrides: {}, checkpointEvery: CHECKPOINT_EVERY };
  const { output } = deps;
  const clock = performance.now();
  try {
    const saved = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'SAE Scope: training the hierarchy toy', cancellable: true },
      (progress, token) => {
        let reported = 0;
        return trainToyRun(deps.client, runsDir, settings, new Date(), {
          token,
          onStaged: (id) => output.info(`train toy ${id}: ${JSON.stringify(settings)}`),
          onProgress: (p) => {
            const fraction = p.fraction ?? reported;
            progress.report({ message: p.message, increment: 100 * (fraction - reported) });
            reported = fraction;
          },
        });
      },
    );
    deps.onRunSaved();
    output.info(`train toy ${saved.record.id}: saved ${saved.folder} after ${((performance.now() - clock) / 1000).toFixed(1)} s (${saved.record.checkpoints.length} checkpoints)`);
    if (saved.record.cancelled) {
      output.info(`train toy ${saved.record.id}: cancelled at step ${saved.record.steps}; influence not computed`);
      return undefined;
    }
    return saved.folder;
  } catch (e) {
    if (e instanceof JobCancelledError) return undefined;
    const message = (e as Error).message;
    output.error(`train toy: ${message}`);
    void vscode.window.showErrorMessage(`SAE Scope: training the hierarchy toy failed: ${message}`);
    return undefined;
  }
}

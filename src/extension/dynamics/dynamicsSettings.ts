/** Settings of the LLC and influence commands (`saescope.llc.*`, `saescope.influence.*`). */
import * as vscode from 'vscode';

const section = () => vscode.workspace.getConfiguration('saescope');

/** A positive integer setting, or null (0, or not a positive integer) for the engine's default. */
function positiveOrNull(key: string): number | null {
  const value = section().get<number>(key, 0);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

/** SGLD draws per chain of Estimate LLC… (null: the family's or preset's validated settings). */
export const llcDraws = (): number | null => positiveOrNull('llc.draws');

/** SGLD draws per chain of Influence Trajectories… (null: 2000). */
export const influenceDraws = (): number | null => positiveOrNull('influence.draws');

/** Training steps of the hierarchy toy trained first by Influence Trajectories… (null: the preset's 3000). */
export const influenceTrainSteps = (): number | null => positiveOrNull('influence.steps');

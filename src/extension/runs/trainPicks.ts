/** Train SAE…'s questions, one quick pick at a time; undefined when the user backs out. */
import * as vscode from 'vscode';
import { TRAIN_ARCHITECTURES, type TrainArchitecture, type TrainSettings } from '../../shared/protocol';
import { pickDataSource } from '../dataSourcePick';

const ARCH_DETAIL: Record<TrainArchitecture, string> = {
  standard: 'ReLU + L1 penalty (SAELens standard)',
  topk: 'the k largest pre-activations per row',
  batchtopk: 'the k·B largest activations of the whole batch',
  jumprelu: 'learned thresholds, L0 penalty through straight-through estimators',
  matryoshka: 'BatchTopK with nested prefix losses',
};

export async function askTrainSettings(): Promise<TrainSettings | undefined> {
  const data = await pickDataSource('Train SAE (1/5): data');
  if (!data) return undefined;
  const arch = await vscode.window.showQuickPick(
    TRAIN_ARCHITECTURES.map((a) => ({ label: a, detail: ARCH_DETAIL[a] })),
    { title: 'Train SAE (2/5): architecture', placeHolder: 'Architecture' },
  );
  if (!arch) return undefined;
  const architecture = arch.label as TrainArchitecture;
  const width = await pickNumber('Train SAE (3/5): width (d_sae)', ['64', '128', '256', '1024', '4096', '16384'], 'positive-integer');
  if (width === undefined) return undefined;
  const usesK = architecture === 'topk' || architecture === 'batchtopk' || architecture === 'matryoshka';
  const sparsity = usesK
    ? await pickNumber('Train SAE (4/5): k (mean L0)', ['4', '8', '11', '16', '32', '64'], 'positive')
    : await pickNumber(`Train SAE (4/5): ${architecture === 'standard' ? 'L1 coefficient λ₁' : 'L0 coefficient λ_s'}`, ['0.1', '1', '3', '5', '10'], 'non-negative');
  if (sparsity === undefined) return undefined;
  const steps = await pickNumber('Train SAE (5/5): steps', ['500', '2000', '5000', '20000'], 'positive-integer');
  if (steps === undefined) return undefined;
  return {
    data,
    arch: architecture,
    width,
    k: usesK ? sparsity : null,
    l1: usesK ? null : sparsity,
    steps,
    batch: 1024,
    lr: 3e-4,
    seed: 0,
    evalRows: 16384,
    checkpointEvery: Math.max(1, Math.floor(steps / 4)),
  };
}

type NumberKind = 'positive-integer' | 'positive' | 'non-negative';

/** Suggested values, or "Other…" for any value of the right kind. */
async function pickNumber(title: string, suggestions: string[], kind: NumberKind): Promise<number | undefined> {
  const other = 'Other…';
  const picked = await vscode.window.showQuickPick([...suggestions, other], { title });
  if (!picked) return undefined;
  if (picked !== other) return Number(picked);
  const typed = await vscode.window.showInputBox({ title, validateInput: (text) => numberProblem(text, kind) });
  return typed === undefined ? undefined : Number(typed.trim());
}

export function numberProblem(text: string, kind: NumberKind): string | undefined {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) return 'a number';
  if (kind === 'positive-integer' && !(Number.isInteger(value) && value > 0)) return 'a positive whole number';
  if (kind === 'positive' && !(value > 0)) return 'a number above 0';
  if (kind === 'non-negative' && !(value >= 0)) return 'a number, 0 or more';
  return undefined;
}

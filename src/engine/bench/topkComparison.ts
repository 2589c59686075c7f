import { topkSparsePays } from '../sae/arch/topkSparse';
import { OpTime } from './opProfile';
import { Skipped, TorchFigures, torchTopkStep } from './torchReference';
import { topkProfile, topkStep, TopKStepFigures, TopKStepSize } from './topkStep';

export interface TopKComparison {
  /** The formulation `trainSae` picks at this size (`topkSparsePays`), with its profile. */
  topkStep: TopKStepFigures & { profile: OpTime[] };
  /** Both formulations of the same step, measured in the same run. */
  topkStepByPath: { sparse: TopKStepFigures; dense: TopKStepFigures };
  torchTopkStep: (TorchFigures & { oursOverTorch: number }) | Skipped;
}

/** The issue's sizes. */
const FULL: TopKStepSize = { dIn: 768, dSae: 16384, k: 64, batch: 4096 };
const QUICK: TopKStepSize = { dIn: 64, dSae: 256, k: 8, batch: 512 };
const TARGET_RATIO = 3;

/** (c) our TopK training step, sparse and dense, and where its time goes, then (d) the PyTorch reference of the same step. */
export async function topkComparison(quick: boolean, threads: number, log: (line: string) => void): Promise<TopKComparison> {
  const size = quick ? QUICK : FULL;
  const steps = quick ? 2 : 5;
  const runs = quick ? 1 : 3;
  // The dense step takes ~4 s at full size: 2 steps a run keep its figure to about half a minute.
  const topkStepByPath = { sparse: await topkStep(size, runs, threads, 'sparse'), dense: await topkStep(size, runs, threads, 'dense', quick ? undefined : 2) };
  const chosen = topkSparsePays(size) ? 'sparse' : 'dense';
  const ours = { ...topkStepByPath[chosen], profile: await topkProfile(size, threads, chosen) };
  const line = (f: TopKStepFigures) => `${f.msPerStep.toFixed(1)} ms/step, ${f.tokensPerS.toFixed(0)} tokens/s`;
  log(`(c) TopK SAE training step d_in ${size.dIn}, d_sae ${size.dSae}, k ${size.k}, batch ${size.batch}, ${threads} threads: ` +
    `${line(ours)} (median over ${runs} runs of ${ours.stepsPerRun} steps; ${chosen}, as trainSae picks); ` +
    `sparse ${line(topkStepByPath.sparse)}, dense ${line(topkStepByPath.dense)} (${topkStepByPath.dense.stepsPerRun} steps a run)`);
  log(`    time by op (one profiled step, ${chosen}): ${ours.profile.slice(0, 6).map((o) => `${o.op} ${(100 * o.fraction).toFixed(1)}%`).join(', ')}`);

  const torch = await torchTopkStep(size, steps, threads);
  if ('skipped' in torch) {
    log(`(d) PyTorch reference of (c): skipped, ${torch.skipped}`);
    return { topkStep: ours, topkStepByPath, torchTopkStep: torch };
  }
  const oursOverTorch = ours.tokensPerS / torch.tokensPerS;
  log(`(d) PyTorch reference of (c) (torch ${torch.torchVersion}, ${torch.threads} threads, BLAS ${torch.blas}): ` +
    `${torch.msPerStep.toFixed(1)} ms/step, ${torch.tokensPerS.toFixed(0)} tokens/s; ours/torch ${oursOverTorch.toFixed(2)}× (target ≥ ${TARGET_RATIO}×)`);
  return { topkStep: ours, topkStepByPath, torchTopkStep: { ...torch, oursOverTorch } };
}

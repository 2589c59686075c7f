import { OpTime } from './opProfile';
import { Skipped, TorchFigures, torchTopkStep } from './torchReference';
import { topkProfile, topkStep, TopKStepFigures, TopKStepSize } from './topkStep';

export interface TopKComparison {
  topkStep: TopKStepFigures & { profile: OpTime[] };
  torchTopkStep: (TorchFigures & { oursOverTorch: number }) | Skipped;
}

/** The issue's sizes. */
const FULL: TopKStepSize = { dIn: 768, dSae: 16384, k: 64, batch: 4096 };
const QUICK: TopKStepSize = { dIn: 64, dSae: 256, k: 8, batch: 512 };
const TARGET_RATIO = 3;

/** (c) our TopK training step and where its time goes, then (d) the PyTorch reference of the same step. */
export async function topkComparison(quick: boolean, threads: number, log: (line: string) => void): Promise<TopKComparison> {
  const size = quick ? QUICK : FULL;
  const steps = quick ? 2 : 5;
  const ours = { ...(await topkStep(size, steps, threads)), profile: await topkProfile(size, threads) };
  log(`(c) TopK SAE training step d_in ${size.dIn}, d_sae ${size.dSae}, k ${size.k}, batch ${size.batch}, ${threads} threads: ` +
    `${ours.msPerStep.toFixed(1)} ms/step, ${ours.tokensPerS.toFixed(0)} tokens/s (median of ${steps})`);
  log(`    time by op (one profiled step): ${ours.profile.slice(0, 6).map((o) => `${o.op} ${(100 * o.fraction).toFixed(1)}%`).join(', ')}`);

  const torch = await torchTopkStep(size, steps, threads);
  if ('skipped' in torch) {
    log(`(d) PyTorch reference of (c): skipped, ${torch.skipped}`);
    return { topkStep: ours, torchTopkStep: torch };
  }
  const oursOverTorch = ours.tokensPerS / torch.tokensPerS;
  log(`(d) PyTorch reference of (c) (torch ${torch.torchVersion}, ${torch.threads} threads, BLAS ${torch.blas}): ` +
    `${torch.msPerStep.toFixed(1)} ms/step, ${torch.tokensPerS.toFixed(0)} tokens/s; ours/torch ${oursOverTorch.toFixed(2)}× (target ≥ ${TARGET_RATIO}×)`);
  return { topkStep: ours, torchTopkStep: { ...torch, oursOverTorch } };
}

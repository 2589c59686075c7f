import { FreeEnergySign, DEFAULT_FREE_ENERGY_SIGN, freeEnergyDifference } from './freeEnergy';
import { StageSegment } from './lossDropStages';

/** A checkpoint's training loss L_n(w*) and λ̂ (null where no usable estimate was made). */
export interface CheckpointState {
  step: number;
  loss: number;
  llc: number | null;
}

/** A stage in training steps, with the means over the checkpoints that fall in it. */
export interface StageState {
  stage: number;
  /** First step of the stage. */
  fromStep: number;
  /** First step of the next stage; null for the last stage. */
  toStep: number | null;
  /** Checkpoints in the stage with a λ̂. */
  checkpoints: number;
  /** Mean L_n over those checkpoints (null when there are none). */
  loss: number | null;
  /** Mean λ̂ over those checkpoints. */
  llc: number | null;
}

export interface StageTransition {
  from: number;
  to: number;
  /** The step the later stage starts at (the boundary). */
  step: number;
  /** ln n·(λ̄_to − λ̄_from) + n·(L̄_to − L̄_from) in the chosen sign; null where a stage holds no checkpoint. */
  deltaF: number | null;
}

export interface StageFreeEnergies {
  n: number;
  sign: FreeEnergySign;
  stages: StageState[];
  transitions: StageTransition[];
}

/**
 * Paper 2's ΔF between consecutive states (dynamics-methods §2.3, Q1.2): each state is a segment of the loss
 * curve, summarised by the means of λ̂ and L_n over the checkpoints inside it; ΔF between neighbouring states
 * uses those means in the free-energy formula. `segments` index `curveSteps` (the steps of the curve's points).
 */
export function stageFreeEnergies(n: number, curveSteps: readonly number[], segments: readonly StageSegment[], checkpoints: readonly CheckpointState[], sign: FreeEnergySign = DEFAULT_FREE_ENERGY_SIGN): StageFreeEnergies {
  const stages: StageState[] = segments.map((s, k) => {
    const fromStep = curveSteps[s.from];
    const toStep = s.to < curveSteps.length ? curveSteps[s.to] : null;
    const inside = checkpoints.filter((c) => c.llc !== null && c.step >= fromStep && (toStep === null || c.step < toStep));
    const mean = (pick: (c: CheckpointState) => number) => (inside.length ? inside.reduce((sum, c) => sum + pick(c), 0) / inside.length : null);
    return { stage: k, fromStep, toStep, checkpoints: inside.length, loss: mean((c) => c.loss), llc: mean((c) => c.llc!) };
  });
  const transitions: StageTransition[] = stages.slice(1).map((after, k) => {
    const before = stages[k];
    const known = before.llc !== null && after.llc !== null;
    return {
      from: before.stage,
      to: after.stage,
      step: after.fromStep,
      deltaF: known ? freeEnergyDifference(n, { loss: before.loss!, llc: before.llc! }, { loss: after.loss!, llc: after.llc! }, sign) : null,
    };
  });
  return { n, sign, stages, transitions };
}

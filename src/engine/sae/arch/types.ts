import { Tensor } from '../../graph/graph';
import { SaeTensors } from '../params';

/** What the trainer hands an architecture when it builds the training graph. */
export interface TrainingContext {
  x: Tensor; // [B, d_in]
  params: SaeTensors;
  /** Sparsity coefficient (λ₁, λ_s), a scalar input so its warm-up is fed per step. */
  sparsityCoefficient: Tensor;
  /** 1 for latents that have not fired for more than the dead window, else 0; [d_sae]. */
  deadMask: Tensor;
  applyBDecToInput: boolean;
}

/** What an architecture returns: the loss, its labelled parts, the activations and the reconstruction. */
export interface TrainingForward {
  loss: Tensor;
  parts: Record<string, Tensor>;
  acts: Tensor; // [B, d_sae], ≥ 0
  xHat: Tensor; // [B, d_in]
  /** Extra carried state with its next value (BatchTopK's running threshold). */
  carries?: { state: Tensor; next: Tensor }[];
}

/** The sparse TopK path's forward: activations stay as (values, indices), so it gives the rows each latent fired on. */
export type SparseTrainingForward = Omit<TrainingForward, 'acts'> & { firedCount: Tensor };

/** Inference encode: activations of a loaded or trained SAE. */
export interface EncodeContext {
  x: Tensor;
  params: SaeTensors;
  extras: Record<string, Tensor>;
  applyBDecToInput: boolean;
}

import { grad } from '../graph/autodiff';
import { Graph } from '../graph/graph';
import { add, matmul, mul, reduceSum, relu, sqrt, sub } from '../graph/ops';
import { adam } from '../graph/optim';
import { StepRunner } from '../graph/runner';
import { Rng } from '../util/random';
import { timeRuns } from './timing';

export interface SaeStepFigures {
  dIn: number;
  dSae: number;
  batch: number;
  ms: number;
  gflops: number;
}

/**
 * FLOPs of one step per (row · d_in · d_sae): five matrix products of 2·B·d_in·d_sae each — encode, decode,
 * and in the backward pass dW_dec, dF and dW_enc. (b_dec's gradient through the encoder needs only the row sums
 * of dF times W_encᵀ, which the graph computes as such.) Elementwise work is not counted.
 */
export const FLOPS_PER_ROW = 10;

/** A ReLU SAE training step with L1 weighted by decoder norm and Adam, as one ORT session. */
export async function reluSaeStep(dIn: number, dSae: number, batch: number, repeats: number): Promise<SaeStepFigures> {
  const runner = await StepRunner.create(reluSaeStepGraph(dIn, dSae, batch));
  const rng = new Rng(0);
  runner.setState('W_enc', rng.fillNormal(new Float32Array(dIn * dSae), 1 / Math.sqrt(dIn)));
  runner.setState('W_dec', rng.fillNormal(new Float32Array(dSae * dIn), 1 / Math.sqrt(dSae)));
  const batchData = rng.fillNormal(new Float32Array(batch * dIn));
  const ms = await timeRuns(repeats, () => runner.step({ x: batchData, lr: 1e-4 }));
  await runner.release();
  return { dIn, dSae, batch, ms, gflops: (FLOPS_PER_ROW * batch * dIn * dSae) / (ms * 1e6) };
}

export function reluSaeStepGraph(dIn: number, dSae: number, batch: number): Graph {
  const g = new Graph('relu_sae_step');
  const x = g.input('x', 'float32', [batch, dIn]);
  const lr = g.input('lr', 'float32', []);
  const wEnc = g.param('W_enc', [dIn, dSae]);
  const bEnc = g.param('b_enc', [dSae]);
  const wDec = g.param('W_dec', [dSae, dIn]);
  const bDec = g.param('b_dec', [dIn]);
  const f = relu(add(matmul(sub(x, bDec), wEnc), bEnc));
  const err = sub(add(matmul(f, wDec), bDec), x);
  const mse = mul(reduceSum(mul(err, err)), 1 / batch);
  const decNorm = sqrt(reduceSum(mul(wDec, wDec), [1]));
  const l1 = mul(reduceSum(mul(reduceSum(f, [0]), decNorm)), 5 / batch);
  const loss = add(mse, l1);
  const params = [wEnc, bEnc, wDec, bDec];
  adam(params, grad(loss, params), { lr });
  g.output('loss', loss);
  return g;
}

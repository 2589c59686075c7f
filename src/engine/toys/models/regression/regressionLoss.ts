import { grad } from '../../../graph/autodiff';
import { DType, Graph, Tensor } from '../../../graph/graph';
import { mul, sub } from '../../../graph/ops/elementwise';
import { reduceMean } from '../../../graph/ops/reduce';
import { adam } from '../../../graph/optim';
import { RegressionModel } from './regressionModels';

export interface RegressionLoss {
  x: Tensor;
  y: Tensor;
  params: Tensor[];
  prediction: Tensor;
  /** Squared error averaged over the outputs of each sample: [rows]. */
  perSample: Tensor;
  /** L_n: the mean of `perSample`, i.e. MSE with mean reduction over rows × outputs (`F.mse_loss`). */
  loss: Tensor;
}

/**
 * Declares inputs `x` [rows, inputDim] and `y` [rows, outputDim] and the model's parameters on `g`, and
 * builds the losses. Parameters are declared as trainable (`'param'`, for training and SGLD graphs) or as
 * plain inputs (`'input'`, for evaluation graphs that read a runner's state or given weights).
 */
export function buildRegressionLoss(g: Graph, model: RegressionModel, rows: number, declare: 'param' | 'input' = 'param', dtype: DType = 'float32'): RegressionLoss {
  const x = g.input('x', dtype, [rows, model.inputDim]);
  const y = g.input('y', dtype, [rows, model.outputDim]);
  const params = model.params.map((p) => (declare === 'param' ? g.param(p.name, p.shape, dtype) : g.input(p.name, dtype, p.shape)));
  return { x, y, params, ...regressionLosses(model, x, y, params) };
}

/** The prediction, per-sample squared errors and L_m of `model` on any batch x [B, inputDim], y [B, outputDim]. */
export function regressionLosses(model: RegressionModel, x: Tensor, y: Tensor, params: readonly Tensor[]): Pick<RegressionLoss, 'prediction' | 'perSample' | 'loss'> {
  const prediction = model.predict(x, params);
  const err = sub(prediction, y);
  const perSample = reduceMean(mul(err, err), [1]);
  return { prediction, perSample, loss: reduceMean(perSample) };
}

/** One full-batch Adam step on the mean loss: inputs `x`, `y`, `lr`; output `loss` (before the step). */
export function buildRegressionTrainingGraph(model: RegressionModel, rows: number): Graph {
  const g = new Graph('regression');
  const lr = g.input('lr', 'float32', []);
  const { params, loss } = buildRegressionLoss(g, model, rows);
  adam(params, grad(loss, params), { lr });
  g.output('loss', loss);
  return g;
}

/** Outputs `loss` and `per_sample` at weights given as inputs named like the parameters. */
export function buildRegressionEvaluationGraph(model: RegressionModel, rows: number): Graph {
  const g = new Graph('regression_loss');
  const { loss, perSample } = buildRegressionLoss(g, model, rows, 'input');
  g.output('loss', loss);
  g.output('per_sample', perSample);
  return g;
}

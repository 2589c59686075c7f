import { grad } from '../../graph/autodiff';
import { Graph, Tensor } from '../../graph/graph';
import { gather } from '../../graph/ops/indexing';
import { sgld } from '../../graph/optim';
import { SgldDataSet } from './sgldData';

/** A parameter of the sampled model: its name, shape and value at w*. */
export interface SgldParam {
  name: string;
  shape: readonly number[];
  value: Float32Array;
}

/** What a loss graph builder returns. */
export interface LossGraph {
  /** The scalar mean loss over the batch it was given (L_m; `F.mse_loss` / mean cross-entropy conventions). */
  loss: Tensor;
  /** The per-sample losses [rows of the batch]; needed only when the sampler observes an evaluation set. */
  perSample?: Tensor;
}

/**
 * Builds a model's loss on the graph the tensors belong to, from its parameters (by name, shaped as declared)
 * and one batch of its data set (by column name, each [batchRows, ...column shape]). It is called once per
 * chain for the minibatch and once per chain for an observed evaluation set, so it must not declare graph inputs
 * or use fixed row counts; constants it needs (targets, masks) it creates itself on `params[…].graph`.
 */
export type LossGraphBuilder = (params: Readonly<Record<string, Tensor>>, batch: Readonly<Record<string, Tensor>>) => LossGraph;

/** The settings baked into a sampler's graph (changing them needs a new graph). */
export interface SgldGraphSettings {
  chains: number;
  /** Minibatch rows per step; the whole data set when equal to its rows (no gather then). */
  batch: number;
  nbeta: number;
  localization: number;
  noiseLevel: number;
  weightDecay: number;
  boundingBox?: number;
  rmsprop?: { alpha?: number; eps?: number };
}

export const chainParam = (chain: number, name: string) => `chain${chain}.${name}`;
export const chainRows = (chain: number) => `chain${chain}.rows`;
export const chainLoss = (chain: number) => `chain${chain}.loss`;
export const chainObserved = (chain: number) => `chain${chain}.observed`;
export const dataInput = (column: string) => `data.${column}`;
export const observeInput = (column: string) => `observe.${column}`;

function declareColumns(g: Graph, data: SgldDataSet, name: (c: string) => string): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(data.columns).map(([c, col]) => [c, g.input(name(c), col.dtype, [data.rows, ...col.shape])]));
}

/**
 * One SGLD step of every chain, side by side in one graph: chain c has parameters `chain<c>.<name>` (carried),
 * anchors `chain<c>.<name>.anchor` (w*), minibatch row indices `chain<c>.rows` [batch] (absent for full batch),
 * and outputs its minibatch loss at the pre-step weights as `chain<c>.loss` and, with an observed set, that
 * set's per-sample losses at the same weights as `chain<c>.observed`. The data set is fed once as `data.<column>`,
 * the observed set as `observe.<column>`; the step size ε is the input `lr`.
 */
export function buildSgldChainsGraph(params: readonly SgldParam[], data: SgldDataSet, loss: LossGraphBuilder, s: SgldGraphSettings, observe?: SgldDataSet): Graph {
  const g = new Graph('sgld_chains');
  const lr = g.input('lr', 'float32', []);
  const columns = declareColumns(g, data, dataInput);
  const observed = observe && declareColumns(g, observe, observeInput);
  const full = s.batch === data.rows;
  for (let c = 0; c < s.chains; c++) {
    const ws = params.map((p) => g.param(chainParam(c, p.name), p.shape));
    const byName = Object.fromEntries(params.map((p, i) => [p.name, ws[i]]));
    let batch = columns;
    if (!full) {
      const rows = g.input(chainRows(c), 'int64', [s.batch]);
      batch = Object.fromEntries(Object.entries(columns).map(([name, t]) => [name, gather(t, rows, 0)]));
    }
    const { loss: l } = loss(byName, batch);
    if (l.size !== 1) throw new RangeError(`the loss graph builder returned ${l}, not a scalar`);
    g.output(chainLoss(c), l);
    if (observed) {
      const { perSample } = loss(byName, observed);
      if (!perSample || perSample.size !== observe.rows) throw new RangeError(`observing needs a per-sample loss of ${observe.rows} values from the loss graph builder, got ${perSample ?? 'none'}`);
      g.output(chainObserved(c), perSample);
    }
    sgld(ws, grad(l, ws), {
      lr,
      nbeta: s.nbeta,
      localization: s.localization,
      noiseLevel: s.noiseLevel,
      weightDecay: s.weightDecay,
      boundingBox: s.boundingBox,
      rmsprop: s.rmsprop,
    });
  }
  return g;
}

/** L_m at weights fed as inputs named like the parameters, on batch rows `rows` (or the whole data set). */
export function buildLossEvaluationGraph(params: readonly SgldParam[], data: SgldDataSet, loss: LossGraphBuilder, batch: number): Graph {
  const g = new Graph('sgld_loss');
  const columns = declareColumns(g, data, dataInput);
  const ws = Object.fromEntries(params.map((p) => [p.name, g.input(p.name, 'float32', p.shape)]));
  let picked = columns;
  if (batch !== data.rows) {
    const rows = g.input('rows', 'int64', [batch]);
    picked = Object.fromEntries(Object.entries(columns).map(([name, t]) => [name, gather(t, rows, 0)]));
  }
  g.output('loss', loss(ws, picked).loss);
  return g;
}

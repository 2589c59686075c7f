import { reduceMean } from '../../graph/ops/reduce';
import { deepLinearPerSampleLosses } from '../../toys/models/deepLinearNetwork';
import { HierarchicalData } from '../../toys/models/hierarchicalData';
import { SgldDataSet } from './sgldData';
import { LossGraphBuilder, SgldParam } from './sgldGraph';

/**
 * The two-layer linear network of Lee et al.'s toy for the sampler: parameters `w1` [H, items], `w2` [features, H]
 * at w*, data = the item indices (column `items`, int64), loss = the mean of ℓ_i = ½‖y_i − W2W1e_i‖² and the
 * per-item losses (so `observe` can record every item's loss at every draw).
 */
export function deepLinearSampling(data: HierarchicalData, hidden: number, wStar: { w1: Float32Array; w2: Float32Array }): { params: SgldParam[]; data: SgldDataSet; loss: LossGraphBuilder } {
  const n = data.items.length, f = data.features.length;
  return {
    params: [{ name: 'w1', shape: [hidden, n], value: wStar.w1 }, { name: 'w2', shape: [f, hidden], value: wStar.w2 }],
    data: { rows: n, columns: { items: { dtype: 'int64', shape: [], values: BigInt64Array.from({ length: n }, (_, i) => BigInt(i)) } } },
    loss: ({ w1, w2 }, { items }) => {
      const perSample = deepLinearPerSampleLosses(w1, w2, w1.graph.constant(data.targets, [f, n]), items);
      return { loss: reduceMean(perSample), perSample };
    },
  };
}

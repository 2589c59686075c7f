import { Tensor } from '../../graph/graph';
import { reduceMean } from '../../graph/ops/reduce';
import { deepLinearPerSampleLosses } from '../../toys/models/deepLinearNetwork';
import { hierarchicalData, type HierarchicalData } from '../../toys/models/hierarchicalData';
import type { ModelCheckpoint } from '../../toys/models/checkpoint';
import type { SgldDataSet } from '../slt/sgldData';
import type { LossGraphBuilder, SgldParam } from '../slt/sgldGraph';

/**
 * What the local posterior of a `dln` checkpoint is sampled from: its parameters as w*, the data set (the item
 * indices, L_n = mean ℓ_i over all items, so n = items) and a loss builder whose per-sample output is every
 * observed item's ℓ_i.
 */
export interface SampledModel {
  /** Names of the samples influence is computed between (the items). */
  sampleNames: string[];
  params: SgldParam[];
  data: SgldDataSet;
  loss: LossGraphBuilder;
}

const itemColumn = (rows: number): SgldDataSet => ({
  rows,
  columns: { items: { dtype: 'int64', shape: [], values: BigInt64Array.from({ length: rows }, (_, i) => BigInt(i)) } },
});

export function dlnLossBuilder(data: HierarchicalData): LossGraphBuilder {
  return (params: Readonly<Record<string, Tensor>>, batch: Readonly<Record<string, Tensor>>) => {
    const targets = params.w1.graph.constant(data.targets, [data.features.length, data.items.length]);
    const perSample = deepLinearPerSampleLosses(params.w1, params.w2, targets, batch.items);
    return { loss: reduceMean(perSample), perSample };
  };
}

export function dlnSampledModel(checkpoint: ModelCheckpoint, file: string): SampledModel {
  const depth = Number(checkpoint.config.depth);
  const hidden = Number(checkpoint.config.hidden);
  if (!Number.isInteger(depth) || !Number.isInteger(hidden)) throw new Error(`${file}: the dln checkpoint's config has no integer depth and hidden`);
  const data = hierarchicalData(depth);
  const n = data.items.length;
  const want: Record<string, number[]> = { w1: [hidden, n], w2: [data.features.length, hidden] };
  const params = Object.entries(want).map(([name, shape]) => {
    const t = checkpoint.params[name];
    if (!t || t.shape.join() !== shape.join()) throw new Error(`${file}: parameter ${name} should be [${shape.join(', ')}], found ${t ? `[${t.shape.join(', ')}]` : 'none'}`);
    return { name, shape, value: t.data };
  });
  return { sampleNames: data.items, params, data: itemColumn(n), loss: dlnLossBuilder(data) };
}

/** The rows of the data set whose losses are observed at every draw. */
export function observedItems(indices: readonly number[]): SgldDataSet {
  return {
    rows: indices.length,
    columns: { items: { dtype: 'int64', shape: [], values: BigInt64Array.from(indices, (i) => BigInt(i)) } },
  };
}

import { RegressionData } from '../../toys/models/regression/regressionData';
import { regressionLosses } from '../../toys/models/regression/regressionLoss';
import { RegressionModel } from '../../toys/models/regression/regressionModels';
import { LossGraphBuilder, SgldParam } from './sgldGraph';
import { SgldDataSet } from './sgldData';

/** What the sampler needs for a regression model at w*: its parameters, its data as columns `x`, `y`, its loss. */
export function regressionSampling(model: RegressionModel, data: RegressionData, wStar: Readonly<Record<string, Float32Array>>): { params: SgldParam[]; data: SgldDataSet; loss: LossGraphBuilder } {
  if (data.inputDim !== model.inputDim || data.outputDim !== model.outputDim) {
    throw new RangeError(`the data are ${data.inputDim} → ${data.outputDim} but the model is ${model.inputDim} → ${model.outputDim}`);
  }
  const params = model.params.map((p) => {
    const value = wStar[p.name];
    if (!value) throw new RangeError(`w* has no parameter ${p.name}`);
    return { name: p.name, shape: p.shape, value };
  });
  return {
    params,
    data: {
      rows: data.rows,
      columns: {
        x: { dtype: 'float32', shape: [data.inputDim], values: data.x },
        y: { dtype: 'float32', shape: [data.outputDim], values: data.y },
      },
    },
    loss: (ws, batch) => {
      const { loss, perSample } = regressionLosses(model, batch.x, batch.y, model.params.map((p) => ws[p.name]));
      return { loss, perSample };
    },
  };
}

/** trainSae: the engine's trainer with the host's settings; each progress report also goes out as a TrainPoint. */
import { dirname, relative } from 'node:path';
import type { Metric } from '../sae/metrics';
import { runTrainJob } from '../sae/trainJob';
import type { EngineSettings, MetricValue, TrainPoint } from '../../shared/protocol';
import type { JobHandlers } from './dispatcher';

export function trainHandler(settings: EngineSettings): JobHandlers['trainSae'] {
  return async ({ settings: s, out }, { signal, progress }) => {
    const history: TrainPoint[] = [];
    const result = await runTrainJob(
      {
        arch: s.arch,
        data: s.data,
        width: s.width,
        ...(s.k === null ? {} : { k: s.k }),
        ...(s.l1 === null ? {} : { l1: s.l1 }),
        steps: s.steps,
        batch: s.batch,
        lr: s.lr,
        seed: s.seed,
        shuffle: true,
        out,
        evalRows: s.evalRows,
        ...(s.checkpointEvery === null ? {} : { checkpointEvery: s.checkpointEvery }),
      },
      {
        signal,
        session: { threads: settings.threads || undefined, executionProvider: settings.executionProvider },
        log: (line) => progress({ message: line }),
        onProgress: (p) => {
          const parts = Object.fromEntries(Object.entries(p.parts).filter(([, value]) => Number.isFinite(value)));
          const point = { step: p.step, totalSteps: p.totalSteps, loss: p.loss, l0: p.l0, explainedVariance: p.explainedVariance, deadFraction: p.deadFraction, parts };
          if (![point.loss, point.l0, point.explainedVariance, point.deadFraction].every(Number.isFinite)) return;
          history.push(point);
          progress({ message: `step ${p.step}/${p.totalSteps}`, fraction: p.step / p.totalSteps, point });
        },
        onCheckpoint: (folder, step) => {
          const path = relative(dirname(out), folder);
          progress({ message: `checkpoint ${path}`, checkpoint: { step, path } });
        },
      },
    );
    return {
      cancelled: result.cancelled,
      steps: result.steps,
      history,
      metrics: finiteMetrics(result.metrics),
      checkpoints: result.checkpoints.map((folder) => relative(dirname(out), folder)),
    };
  };
}

/** JSON has no NaN: a metric that could not be computed (no live latents, …) is left out. */
export function finiteMetrics(metrics: Metric[]): MetricValue[] {
  return metrics.filter((m) => Number.isFinite(m.value)).map(({ id, label, value, formula }) => ({ id, label, value, formula }));
}

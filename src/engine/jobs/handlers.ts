import type { EngineSettings } from '../../shared/protocol';
import { engineInfo } from '../version';
import { alignHandler } from './alignJob';
import { attachHandler } from './attachJob';
import { compareHandler } from './compareJob';
import type { JobHandlers } from './dispatcher';
import { hedgingHandler } from './hedgingJob';
import { influenceHandler } from './influenceJob';
import { inspectHandlers } from './inspectJobs';
import { l0SweepHandler } from './l0SweepJob';
import { llcHandler } from './llcJob';
import { labHandler } from './labJob';
import { SaeStore } from './saeStore';
import { trainHandler } from './trainJob';
import { toyPresetsHandler, toyTrainHandler } from './toyTrainJob';

/** The jobs the worker thread runs, by request kind, under the settings the host started it with. */
export function createJobHandlers(settings: EngineSettings): JobHandlers {
  const store = new SaeStore();
  return {
    engineInfo: () => engineInfo(),
    ...inspectHandlers(store),
    attachData: attachHandler(store, settings),
    trainSae: trainHandler(settings),
    compareSaes: compareHandler(settings),
    l0Sweep: l0SweepHandler(),
    hedging: hedgingHandler(),
    toyModelPresets: toyPresetsHandler,
    trainToyModel: toyTrainHandler,
    alignModels: alignHandler(),
    llc: llcHandler(),
    influence: influenceHandler(),
    lab: labHandler(),
  };
}

import type { EngineSettings } from '../../shared/protocol';
import { engineInfo } from '../version';
import { attachHandler } from './attachJob';
import { compareHandler } from './compareJob';
import type { JobHandlers } from './dispatcher';
import { inspectHandlers } from './inspectJobs';
import { SaeStore } from './saeStore';
import { trainHandler } from './trainJob';

/** The jobs the worker thread runs, by request kind, under the settings the host started it with. */
export function createJobHandlers(settings: EngineSettings): JobHandlers {
  const store = new SaeStore();
  return {
    engineInfo: () => engineInfo(),
    ...inspectHandlers(store),
    attachData: attachHandler(store, settings),
    trainSae: trainHandler(settings),
    compareSaes: compareHandler(settings),
  };
}

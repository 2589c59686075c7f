import { engineInfo } from '../version';
import type { JobHandlers } from './dispatcher';

/** The jobs the worker thread runs, by request kind. */
export const jobHandlers: JobHandlers = {
  engineInfo: () => engineInfo(),
};

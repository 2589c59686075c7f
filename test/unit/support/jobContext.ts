/** A job context for calling a job handler directly: it records every progress update, and the test may cancel from one. */
import type { JobContext } from '../../../src/engine/jobs/dispatcher';
import type { JobProgress } from '../../../src/shared/protocol';

export function recordingContext(onProgress?: (p: JobProgress, controller: AbortController) => void) {
  const controller = new AbortController();
  const events: JobProgress[] = [];
  const ctx: JobContext = {
    signal: controller.signal,
    progress: (p) => {
      events.push(p);
      onProgress?.(p, controller);
    },
  };
  return { ctx, events };
}

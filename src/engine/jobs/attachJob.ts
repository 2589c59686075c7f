/** attachData: run an open SAE over rows of a source and keep what the inspector shows about its activations. */
import { SaeSession } from '../sae/inference';
import { openSource } from '../sources';
import type { EngineSettings } from '../../shared/protocol';
import type { JobHandlers } from './dispatcher';
import { ActivationRecorder } from './activationRecord';
import type { SaeStore } from './saeStore';
import { checkTokenCount, loadTokenText } from './tokenText';

const BATCH = 256;
/** Nonzero activations kept at most (12 bytes each while recording). */
const ENTRY_BUDGET = 16_000_000;

export function attachHandler(store: SaeStore, settings: EngineSettings, budget = ENTRY_BUDGET): JobHandlers['attachData'] {
  return async ({ handle, source: spec, rows, tokens: tokenFile, vocabulary }, { signal, progress }) => {
    const started = performance.now();
    const sae = store.get(handle);
    // Read first: a bad token file is refused before the SAE runs.
    const tokens = tokenFile ? await loadTokenText(tokenFile, vocabulary) : null;
    const { d_in: dIn, d_sae: dSae } = sae.bundle.cfg;
    // File order and no looping, so a row index names a row of the file (or the n-th sample of a toy).
    const { source } = await openSource(spec, { shuffle: false, loop: false, seed: 0, expectDIn: dIn });
    const recorder = new ActivationRecorder(dSae, budget);
    let truncated = false;
    try {
      if (source.dIn !== dIn) throw new Error(`${source.describe()}: rows have ${source.dIn} values but the SAE expects d_in ${dIn}`);
      const session = await SaeSession.create(sae.bundle, BATCH, { threads: settings.threads || undefined, executionProvider: settings.executionProvider });
      const x = new Float32Array(BATCH * dIn);
      try {
        while (recorder.rows < rows && !signal.aborted) {
          const filled = await source.nextBatch(x);
          if (filled === 0) break;
          x.fill(0, filled * dIn);
          const { acts } = await session.run(x);
          const take = Math.min(filled, rows - recorder.rows);
          if (!recorder.add(acts.subarray(0, take * dSae), take)) {
            truncated = true;
            break;
          }
          progress({ message: `${recorder.rows} of ${rows} rows`, fraction: recorder.rows / rows });
        }
      } finally {
        await session.release();
      }
    } finally {
      await source.close();
    }
    if (signal.aborted) throw new Error('cancelled');
    const record = recorder.finish();
    if (tokens) checkTokenCount(tokens, record.rows);
    sae.activations = record;
    sae.tokens = tokens;
    sae.table.update({ maxActivation: record.max });
    return { source: spec, rows: record.rows, truncated, seconds: (performance.now() - started) / 1000, tokens: tokenFile ?? null };
  };
}

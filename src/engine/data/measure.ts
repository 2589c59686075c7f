import { openActivationSource, type OpenSourceOptions } from './parseSource';

export interface StreamingMeasurement {
  rows: number;
  seconds: number;
  /** The process's peak resident set size so far, in MiB (it includes whatever ran before). */
  peakRssMb: number;
}

export interface MeasureStreamingOptions extends Omit<OpenSourceOptions, 'loop' | 'toyFactory'> {
  /** Rows per batch (default 4096). */
  batchRows?: number;
}

/** Streams every row of an activation file once, as training would, and reports throughput and peak memory. */
export async function measureStreaming(path: string, options: MeasureStreamingOptions = {}): Promise<StreamingMeasurement> {
  const { batchRows = 4096, ...sourceOptions } = options;
  const started = performance.now();
  const source = await openActivationSource(path, { ...sourceOptions, loop: false });
  let rows = 0;
  try {
    const batch = new Float32Array(batchRows * source.dIn);
    let filled: number;
    do {
      filled = await source.nextBatch(batch);
      rows += filled;
    } while (filled === batchRows);
  } finally {
    await source.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { rows, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

/**
 * The extension host's side of an L0 sweep, measured without VS Code: the real EngineClient and engine worker, the
 * host doing what the L0 command does with each message (keep the streamed rows, recompute the recommendation, hand
 * the row to the panel as a cloned message), while perf_hooks' monitorEventLoopDelay watches the host's event loop.
 * Reports the longest stall (the issue's target: < 50 ms) and the time from the request to the first streamed row
 * (the first point of the proxy curves: what "command to first chart" waits for, less VS Code's own drawing). As
 * after the command, the worker starts on this first request, so its start-up is inside both figures.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { L0SweepRow } from '../../shared/protocol';
import { EngineClient } from '../engineClient';
import { recommendedRow } from '../l0/l0Outcome';
import { defaultL0Settings } from '../l0/l0Settings';

export interface L0HostStallReport {
  sweep: { data: string; steps: number; saes: number };
  /** The longest the host's event loop was blocked while the sweep ran, in ms (histogram max, 1 ms resolution). */
  maxStallMs: number;
  /** The 99th percentile of the event-loop delay, in ms. */
  p99StallMs: number;
  /** Request to the first streamed row; request to the result. */
  firstRowSeconds: number;
  totalSeconds: number;
  /** Messages the host received (progress, rows, logs, result). */
  messages: number;
}

const QUICK = { steps: 40, l0s: [5, 11] };

export async function l0HostStallBench(o: { quick?: boolean; log?: (line: string) => void } = {}): Promise<L0HostStallReport> {
  const log = o.log ?? (() => {});
  const settings = { ...defaultL0Settings('toy:large', o.quick ? QUICK.steps : 4000), ...(o.quick ? { l0s: QUICK.l0s, evalRows: 2048 } : {}) };
  let messages = 0;
  const client = new EngineClient({ startWorker: startEngineWorker, log: () => messages++ });
  try {
    const rows: L0SweepRow[] = [];
    const delay = monitorEventLoopDelay({ resolution: 1 });
    let firstRow = NaN;
    delay.enable();
    const started = performance.now();
    const outcome = await client.run(
      { kind: 'l0Sweep', settings },
      {
        onProgress: (p) => {
          messages++;
          if (!p.l0Row) return;
          if (rows.length === 0) firstRow = (performance.now() - started) / 1000;
          rows.push(p.l0Row);
          structuredClone({ kind: 'row', row: p.l0Row, recommended: recommendedRow(rows) }); // what postMessage to the panel costs
        },
      },
    );
    const totalSeconds = (performance.now() - started) / 1000;
    delay.disable();
    const report: L0HostStallReport = {
      sweep: { data: settings.data, steps: settings.steps, saes: outcome.rows.length },
      maxStallMs: delay.max / 1e6,
      p99StallMs: delay.percentile(99) / 1e6,
      firstRowSeconds: firstRow,
      totalSeconds,
      messages: messages + 1,
    };
    log(`(h) extension host during an L0 sweep (${report.sweep.saes} SAEs × ${settings.steps} steps on ${settings.data}, in the engine worker): ` +
      `longest event-loop stall ${report.maxStallMs.toFixed(1)} ms (p99 ${report.p99StallMs.toFixed(1)} ms; target < 50 ms), ` +
      `request → first streamed row ${firstRow.toFixed(1)} s, → result ${totalSeconds.toFixed(1)} s, ${report.messages} messages`);
    return report;
  } finally {
    client.dispose();
  }
}

/** The bundled worker beside this bundle (dist/), or the TypeScript source through tsx when run from source. */
function startEngineWorker(): Worker {
  const bundled = join(__dirname, 'worker.js');
  if (existsSync(bundled)) return new Worker(bundled, { workerData: { threads: 0, executionProvider: 'cpu' } });
  // Node 20 applies no --import hooks inside worker threads, so tsx's CommonJS hook is required instead.
  return new Worker(join(__dirname, '..', '..', 'engine', 'worker.ts'), { execArgv: ['--require', 'tsx/cjs'], workerData: { threads: 0, executionProvider: 'cpu' } });
}

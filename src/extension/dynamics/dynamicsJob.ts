/**
 * Runs an LLC or influence job in the worker under a cancellable progress notification, draws it in a Dynamics
 * panel as it goes, logs each step with its time to the Output channel, and saves the run — on Cancel, with what
 * finished (nothing when nothing did).
 */
import * as vscode from 'vscode';
import type { DynamicsJob, DynamicsRunRecord, JobProgress } from '../../shared/protocol';
import { JobCancelledError, type EngineClient } from '../engineClient';
import { DynamicsPanel } from '../panels/dynamicsPanel';
import type { PanelDeps } from '../panels/runPanel';
import { dynamicsRunId, saveDynamicsRun } from '../runs/dynamicsRunFolder';
import { sweepStaging } from '../runs/runFolder';
import { describeRecord } from './dynamicsSummary';

export interface DynamicsDeps extends PanelDeps {
  client: EngineClient;
  /** Called when a run is saved, so the runs view refreshes. */
  onRunSaved: () => void;
}

/** Whether a (possibly cancelled) record holds anything worth saving. */
function hasResults(record: DynamicsRunRecord): boolean {
  if (record.kind === 'influence') return record.outcome.trajectories.checkpoints.length > 0;
  return record.outcome.mode === 'family' ? record.outcome.family !== null : record.outcome.run.checkpoints.length > 0;
}

/** Returns the saved run's folder, or undefined when nothing was saved. */
export async function runDynamicsJob(deps: DynamicsDeps, runsDir: string, job: DynamicsJob, title: string): Promise<string | undefined> {
  const { output, client } = deps;
  const startedAt = new Date();
  const id = dynamicsRunId(startedAt, job);
  const log = `${job.kind} ${id}`;
  output.info(`${log}: ${JSON.stringify(job.settings)}`);
  const panel = DynamicsPanel.live(deps, id, job);
  const clock = performance.now();
  let last = clock;
  let record: DynamicsRunRecord;
  try {
    record = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SAE Scope: ${title} ${id}`, cancellable: true },
      async (progress, token) => {
        let reported = 0;
        const onProgress = (p: JobProgress) => {
          if (p.llcCheckpoint) panel.checkpoint(p.llcCheckpoint);
          panel.progress(p.message);
          const now = performance.now();
          output.info(`${log}: ${p.message} (${((now - last) / 1000).toFixed(1)} s)`);
          last = now;
          const fraction = p.fraction ?? reported;
          progress.report({ message: p.message, increment: 100 * (fraction - reported) });
          reported = fraction;
        };
        const options = { token, onProgress, partialOnCancel: true };
        const common = { id, startedAt: startedAt.toISOString() };
        const seconds = () => (performance.now() - clock) / 1000;
        if (job.kind === 'llc') {
          const outcome = await client.run({ kind: 'llc', settings: job.settings }, options);
          return { kind: 'llc', ...common, settings: job.settings, seconds: seconds(), outcome };
        }
        const outcome = await client.run({ kind: 'influence', settings: job.settings }, options);
        return { kind: 'influence', ...common, settings: job.settings, seconds: seconds(), outcome };
      },
    );
  } catch (e) {
    const seconds = ((performance.now() - clock) / 1000).toFixed(1);
    if (e instanceof JobCancelledError) {
      output.info(`${log}: cancelled before anything finished; nothing was saved (${seconds} s)`);
      panel.failed('Cancelled before anything finished; nothing was saved.');
      return undefined;
    }
    const message = (e as Error).message;
    output.error(`${log}: ${message} (${seconds} s)`);
    panel.failed(`The job failed: ${message}`);
    void vscode.window.showErrorMessage(`SAE Scope: ${title} failed: ${message}`);
    return undefined;
  }
  if (!hasResults(record)) {
    output.info(`${log}: cancelled before anything finished; nothing was saved (${record.seconds.toFixed(1)} s)`);
    panel.failed('Cancelled before anything finished; nothing was saved.');
    return undefined;
  }
  try {
    await sweepStaging(runsDir);
    const folder = await saveDynamicsRun(runsDir, record);
    output.info(`${log}: ${describeRecord(record)}; saved ${folder} after ${record.seconds.toFixed(1)} s`);
    deps.onRunSaved();
    await panel.showSaved(folder);
    return folder;
  } catch (e) {
    const message = (e as Error).message;
    output.error(`${log}: could not save: ${message}`);
    panel.failed(`The result could not be saved: ${message}`);
    return undefined;
  }
}

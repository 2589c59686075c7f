/**
 * SAE Scope: Run L0 Diagnostics: Sparse but Wrong's L0 sweep in the worker under a cancellable progress
 * notification, each finished SAE drawn in the L0 panel as it arrives, the sweep saved as a run. Cancel keeps the
 * SAEs that finished (saved as a cancelled run); a sweep cancelled before any SAE finished saves nothing.
 */
import * as vscode from 'vscode';
import { pickDataSource } from '../dataSourcePick';
import type { L0RunRecord, L0SweepOutcome, L0SweepRow, L0SweepSettings, L0SweepStart } from '../../shared/protocol';
import { JobCancelledError, type EngineClient } from '../engineClient';
import { L0Panel } from '../panels/l0Panel';
import type { PanelDeps } from '../panels/runPanel';
import { l0RunId, saveL0Run } from '../runs/l0RunFolder';
import { defaultDataSource, l0DiagnosticsSteps, runsFolder } from '../settings';
import { chosenL0Settings, defaultSettingsText, L0_ARCHITECTURE_CHOICES, parseSettingsList, settingsListProblem, settingsListPrompt } from './l0Choices';
import { cancelledOutcome, recommendedRow } from './l0Outcome';
import { defaultL0Settings } from './l0Settings';

export interface L0Deps extends PanelDeps {
  client: EngineClient;
  onRunSaved: () => void;
}

/**
 * "…on Chosen Data…": the file clicked in the explorer, or a picked toy preset or workspace file; then the
 * architecture (BatchTopK first) and the L0s or JumpReLU coefficients (the spec's grid offered).
 */
export async function runL0DiagnosticsOnDataCommand(deps: L0Deps, target?: vscode.Uri): Promise<void> {
  const data = target?.fsPath ?? (await pickDataSource('L0 Diagnostics (1/3): data to sweep'));
  if (!data) return;
  const picked = await vscode.window.showQuickPick(
    L0_ARCHITECTURE_CHOICES.map((c) => ({ label: c.label, detail: c.detail, arch: c.arch })),
    { title: 'L0 Diagnostics (2/3): architecture', placeHolder: 'BatchTopK is the spec\'s sweep' },
  );
  if (!picked) return;
  const typed = await vscode.window.showInputBox({
    title: `L0 Diagnostics (3/3): ${settingsListPrompt(picked.arch)}`,
    value: defaultSettingsText(picked.arch),
    validateInput: (text) => settingsListProblem(text, picked.arch),
  });
  if (typed === undefined) return;
  await runL0DiagnosticsCommand(deps, data, chosenL0Settings(data, l0DiagnosticsSteps(), picked.arch, parseSettingsList(typed)));
}

/** Runs a sweep: the default one on `data` (default: saescope.defaultDataSource, the large toy), or `chosen`. */
export async function runL0DiagnosticsCommand(deps: L0Deps, data?: string, chosen?: L0SweepSettings): Promise<void> {
  const runs = runsFolder();
  if (!runs) {
    void vscode.window.showErrorMessage('SAE Scope: open a folder first; L0 sweeps are saved as runs in the workspace.');
    return;
  }
  const settings = chosen ?? defaultL0Settings(data ?? defaultDataSource(), l0DiagnosticsSteps());
  const { output, client } = deps;
  const startedAt = new Date();
  const id = l0RunId(startedAt, settings);
  const log = (line: string) => output.info(`l0 ${id}: ${line}`);
  log(`settings ${JSON.stringify(settings)}`);
  const panel = L0Panel.live(deps, id, settings);
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const rows: L0SweepRow[] = [];
  let start: L0SweepStart | undefined;
  let outcome: L0SweepOutcome;
  try {
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `SAE Scope: L0 diagnostics on ${settings.data}`, cancellable: true },
      (progress, token) => {
        let reported = 0;
        return client.run(
          { kind: 'l0Sweep', settings },
          {
            token,
            onProgress: (p) => {
              if (p.l0Start) {
                start = p.l0Start;
                panel.start(start);
                log(`d_in ${start.dIn}, d_sae ${start.width}, ${start.settings.length} SAEs${start.trueL0 === null ? '' : `, true L0 ${start.trueL0.toFixed(4)}`} (${elapsed().toFixed(1)} s)`);
              } else if (p.l0Row) {
                rows.push(p.l0Row);
                panel.row(p.l0Row, recommendedRow(rows));
                log(`${p.message} (${elapsed().toFixed(1)} s)`);
                progress.report({ message: `${rows.length} of ${start?.settings.length ?? '?'} SAEs evaluated` });
              } else if (p.fraction !== undefined) {
                panel.progress(p.message, p.fraction);
                progress.report({ message: p.message, increment: 100 * (p.fraction - reported) });
                reported = p.fraction;
              } else {
                log(p.message);
              }
            },
          },
        );
      },
    );
  } catch (e) {
    if (!(e instanceof JobCancelledError)) {
      const message = (e as Error).message;
      log(`failed after ${elapsed().toFixed(1)} s: ${message}`);
      panel.failed(`The sweep failed: ${message}`);
      void vscode.window.showErrorMessage(`SAE Scope: L0 diagnostics failed: ${message}`);
      return;
    }
    if (rows.length === 0 || !start) {
      log(`cancelled after ${elapsed().toFixed(1)} s before any SAE finished; nothing was saved`);
      panel.failed('Cancelled before any SAE finished; nothing was saved.');
      return;
    }
    outcome = cancelledOutcome(settings, start, rows, elapsed());
    log(`cancelled after ${elapsed().toFixed(1)} s; keeping the ${rows.length} SAEs that finished`);
  }
  await save(deps, runs.fsPath, { kind: 'l0Sweep', id, settings, startedAt: startedAt.toISOString(), seconds: elapsed(), outcome }, panel);
}

async function save(deps: L0Deps, runsDir: string, record: L0RunRecord, panel: L0Panel): Promise<void> {
  const { outcome } = record;
  const log = (line: string) => deps.output.info(`l0 ${record.id}: ${line}`);
  const t = outcome.seconds;
  if (!outcome.cancelled) log(`engine time ${t.total.toFixed(1)} s (data ${t.data.toFixed(1)} s, training ${t.training.toFixed(1)} s, evaluation ${t.evaluation.toFixed(1)} s)`);
  if (outcome.recommended) log(`recommended L0 ${outcome.recommended.l0.toFixed(2)} (${outcome.recommended.rule}): ${outcome.recommended.description}`);
  try {
    const folder = await saveL0Run(runsDir, record);
    log(`saved ${folder}`);
    deps.onRunSaved();
    await panel.showSaved(folder);
    const what = outcome.recommended ? `recommended L0 ${outcome.recommended.l0.toFixed(2)}` : 'no recommendation';
    void vscode.window.showInformationMessage(`SAE Scope: L0 sweep ${record.id} ${outcome.cancelled ? 'cancelled, partly ' : ''}saved: ${what}.`);
  } catch (e) {
    const message = (e as Error).message;
    log(`could not be saved: ${message}`);
    panel.failed(`The sweep finished but could not be saved: ${message}`);
    void vscode.window.showErrorMessage(`SAE Scope: the L0 sweep could not be saved in ${runsDir}: ${message}`);
  }
}


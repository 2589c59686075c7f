import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { openWorkbench, type Workbench } from './support/workbench';

/** What the runs folder holds now ([] when it does not exist), hidden staging folders included. */
function runsEntries(workbench: Workbench): string[] {
  const runs = path.join(workbench.folder, '.saescope', 'runs');
  return existsSync(runs) ? readdirSync(runs) : [];
}

async function until(condition: () => boolean, what: string, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('Train SAE: cancel', () => {
  it('Cancel on the progress notification stops training and leaves no run and no staging folder', async function () {
    this.timeout(180_000);
    const workbench = await openWorkbench({ workspace: 'demo' });
    await workbench.runCommand('SAE Scope: Train SAE…');
    await workbench.question(/Train SAE \(1\/5\)/, 'pick');
    await workbench.pick('toy:large');
    await workbench.question(/Train SAE \(2\/5\)/, 'pick');
    await workbench.pick('batchtopk');
    await workbench.question(/Train SAE \(3\/5\)/, 'pick');
    await workbench.pick('Other…');
    await workbench.question(/Train SAE \(3\/5\)/, 'input');
    await workbench.answer('50');
    await workbench.question(/Train SAE \(4\/5\)/, 'pick');
    await workbench.pick('11');
    await workbench.question(/Train SAE \(5\/5\)/, 'pick');
    await workbench.pick('Other…');
    await workbench.question(/Train SAE \(5\/5\)/, 'input');
    await workbench.answer('200000');

    // The engine reports a point every 1/20 of the steps (10000 here: minutes on a small machine), so "running"
    // is the live Run panel, the progress notification and the run's staging folder on disk.
    const run = await workbench.webview('saescope-run', 60_000);
    await run.waitForText(/200000 steps of 1024 rows.*Training/, 30_000);
    const toast = workbench.page.locator('.notification-toast', { hasText: /SAE Scope: training \S+-batchtopk-50/ }).first();
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    await until(() => runsEntries(workbench).some((name) => name.startsWith('.staging-')), 'a .staging-* folder while training', 15_000);
    await workbench.screenshot('train-cancel-running');

    await toast.locator('.monaco-button', { hasText: /^Cancel$/ }).click({ timeout: 30_000 });

    const text = await run.waitForText(/Training was cancelled; nothing was saved\./, 60_000);
    assert.doesNotMatch(text, /Final metrics/);
    await toast.waitFor({ state: 'hidden', timeout: 30_000 });
    await until(() => runsEntries(workbench).length === 0, 'the runs folder empties after Cancel', 15_000);
    await workbench.screenshot('train-cancel-cancelled');
    // The worker stops at its next step; nothing it writes late may bring a run or a staging folder back.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    assert.deepEqual(runsEntries(workbench), [], 'no run folder and no .staging-* folder after Cancel');
  });
});

import * as assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { openWorkbench } from './support/workbench';

// A script beside the demo SAEs: one SAE by a path relative to the script, one SAELens release not downloaded.
const script = `from sae_lens import SAE

sae = SAE.load_from_disk("../saes/topk-k11")

hub_sae = SAE.from_pretrained(
    release="gpt2-small-res-jb",
    sae_id="blocks.8.hook_resid_pre",
)
`;
const lens = (page: import('playwright-core').Page) => page.locator('.codelens-decoration a', { hasText: 'Inspect in SAE Scope' });

describe('CodeLens', () => {
  it('"Inspect in SAE Scope" above SAE.load_from_disk opens the inspector beside the code; a release not downloaded is explained', async () => {
    const workbench = await openWorkbench({ workspace: 'demo' });
    await mkdir(path.join(workbench.folder, 'analysis'), { recursive: true });
    await writeFile(path.join(workbench.folder, 'analysis', 'inspect_sae.py'), script);
    await workbench.openFile('analysis/inspect_sae.py');

    await lens(workbench.page).nth(1).waitFor({ state: 'visible', timeout: 60_000 });
    assert.equal(await lens(workbench.page).count(), 2, 'one lens per SAE in the file');
    await lens(workbench.page).first().click();

    const view = await workbench.webview('saescope-sae-inspector', 60_000);
    await view.waitForText(/architecture topk d_in 100 d_sae 50/, 60_000);
    await view.locator('saescope-latent-table .row[data-latent]').nth(9).waitFor({ state: 'attached', timeout: 30_000 });
    assert.match(await view.text(), /^saes\/topk-k11 /, 'the heading names the SAE folder');
    assert.equal(await workbench.page.locator('.editor-group-container').count(), 2, 'the inspector opens beside the code');
    await workbench.screenshot('codelens-inspector');

    await lens(workbench.page).nth(1).click();
    const message = await workbench.notification(/is not downloaded/);
    assert.match(message, /SAE\.from_pretrained\("gpt2-small-res-jb", "blocks\.8\.hook_resid_pre"\)/);
    assert.match(message, /Hugging Face cache/);
    await workbench.screenshot('codelens-not-downloaded');
  });
});

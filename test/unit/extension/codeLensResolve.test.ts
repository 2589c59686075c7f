import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findInHubCache, hubCacheDir } from '../../../src/extension/codeLens/hubCache';
import { candidatePaths, resolveReference, type ResolveContext } from '../../../src/extension/codeLens/resolveReference';
import type { SaeReference } from '../../../src/extension/codeLens/saeReferences';

const SAELENS_FOLDER = 'test/fixtures/sae/saelens/standard';
const at = { start: 0, end: 0 };
const pathRef = (path: string): SaeReference => ({ kind: 'path', path, source: 'call', ...at });
const pretrained = (release: string, saeId: string | null): SaeReference => ({ kind: 'pretrained', release, saeId, ...at });

describe('CodeLens: resolving SAE references', () => {
  let tmp: string;
  let context: ResolveContext;
  before(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'saescope-codelens-'));
    // code/ holds the Python file; ws/ is the workspace folder; hub/ a Hugging Face cache.
    await mkdir(join(tmp, 'code'), { recursive: true });
    await cp(SAELENS_FOLDER, join(tmp, 'code', 'near'), { recursive: true });
    await cp(SAELENS_FOLDER, join(tmp, 'ws', 'saes', 'far'), { recursive: true });
    await mkdir(join(tmp, 'ws', 'empty'), { recursive: true });
    const repo = join(tmp, 'hub', 'models--someone--gpt2-small-res-jb');
    await cp(SAELENS_FOLDER, join(repo, 'snapshots', 'old', 'blocks.8.hook_resid_pre'), { recursive: true });
    await cp(SAELENS_FOLDER, join(repo, 'snapshots', 'main-commit', 'blocks.8.hook_resid_pre'), { recursive: true });
    await mkdir(join(repo, 'refs'), { recursive: true });
    await writeFile(join(repo, 'refs', 'main'), 'main-commit\n');
    await cp(SAELENS_FOLDER, join(tmp, 'hub', 'models--google--gemma-scope-2b-pt-res', 'snapshots', 'c1', 'layer_3', 'width_16k'), { recursive: true });
    await mkdir(join(tmp, 'hub', 'datasets--someone--gpt2-small-res-jb'), { recursive: true });
    context = { documentFolder: join(tmp, 'code'), workspaceFolders: [join(tmp, 'ws')], home: join(tmp, 'home'), env: { HF_HUB_CACHE: join(tmp, 'hub') } };
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('finds the hub cache where huggingface_hub does', () => {
    assert.equal(hubCacheDir({}, '/home/u'), '/home/u/.cache/huggingface/hub');
    assert.equal(hubCacheDir({ XDG_CACHE_HOME: '/x' }, '/home/u'), '/x/huggingface/hub');
    assert.equal(hubCacheDir({ HF_HOME: '~/hf', XDG_CACHE_HOME: '/x' }, '/home/u'), '/home/u/hf/hub');
    assert.equal(hubCacheDir({ HUGGINGFACE_HUB_CACHE: '/legacy', HF_HOME: '/h' }, '/home/u'), '/legacy');
    assert.equal(hubCacheDir({ HF_HUB_CACHE: '/c', HUGGINGFACE_HUB_CACHE: '/legacy' }, '/home/u'), '/c');
  });

  it('tries a relative path beside the code first, then in each workspace folder; ~ is the home folder', () => {
    assert.deepEqual(candidatePaths('saes/x', context), [join(tmp, 'code', 'saes/x'), join(tmp, 'ws', 'saes/x')]);
    assert.deepEqual(candidatePaths('~/saes/x', context), [join(tmp, 'home', 'saes/x')]);
    assert.deepEqual(candidatePaths('/abs/sae', context), ['/abs/sae']);
    assert.deepEqual(candidatePaths('x', { ...context, documentFolder: undefined, workspaceFolders: [] }), []);
  });

  it('opens the weights of a folder beside the code, or in the workspace, or a file named directly', async () => {
    assert.deepEqual(await resolveReference(pathRef('near'), context), { found: true, weights: join(tmp, 'code', 'near', 'sae_weights.safetensors') });
    assert.deepEqual(await resolveReference(pathRef('saes/far'), context), { found: true, weights: join(tmp, 'ws', 'saes', 'far', 'sae_weights.safetensors') });
    const file = join(tmp, 'ws', 'saes', 'far', 'sae_weights.safetensors');
    assert.deepEqual(await resolveReference(pathRef(file), context), { found: true, weights: file });
  });

  it('explains a missing path by the places it looked, and a folder without weights by the names it looked for', async () => {
    const missing = await resolveReference(pathRef('saes/nowhere'), context);
    assert.equal(missing.found, false);
    assert.ok(!missing.found && missing.message.includes(join(tmp, 'code', 'saes/nowhere')) && missing.message.includes(join(tmp, 'ws', 'saes/nowhere')));
    const empty = await resolveReference(pathRef('empty'), context);
    assert.ok(!empty.found && /holds no SAE weights \(looked for sae_weights\.safetensors, sae\.safetensors, params\.npz/.test(empty.message));
    const unsaved = await resolveReference(pathRef('x'), { ...context, documentFolder: undefined, workspaceFolders: [] });
    assert.ok(!unsaved.found && /not saved in a folder/.test(unsaved.message));
  });

  it('finds a downloaded release in the hub cache: the refs/main snapshot, the repository named like the release', async () => {
    const hub = join(tmp, 'hub');
    assert.deepEqual(await findInHubCache(hub, 'gpt2-small-res-jb', 'blocks.8.hook_resid_pre'), {
      repoId: 'someone/gpt2-small-res-jb',
      weights: join(hub, 'models--someone--gpt2-small-res-jb', 'snapshots', 'main-commit', 'blocks.8.hook_resid_pre', 'sae_weights.safetensors'),
    });
    const byRepoId = await findInHubCache(hub, 'google/gemma-scope-2b-pt-res', 'layer_3/width_16k');
    assert.equal(byRepoId?.repoId, 'google/gemma-scope-2b-pt-res');
    const elsewhere = await findInHubCache(hub, 'gemma-scope-2b-pt-res-canonical', 'layer_3/width_16k');
    assert.equal(elsewhere?.repoId, 'google/gemma-scope-2b-pt-res', 'a release named unlike its repository is found by its SAE id');
    assert.equal(await findInHubCache(hub, 'google/other', 'layer_3/width_16k'), undefined, 'a repository id searches only that repository');
    assert.equal(await findInHubCache(join(tmp, 'no-cache'), 'gpt2-small-res-jb', 'x'), undefined);
  });

  it('says how to download a release that is not in the cache', async () => {
    const registry = await resolveReference(pretrained('gpt2-small-res-jb', 'blocks.3.hook_resid_pre'), context);
    assert.ok(!registry.found);
    assert.match(registry.message, /SAE\.from_pretrained\("gpt2-small-res-jb", "blocks\.3\.hook_resid_pre"\) is not downloaded/);
    assert.ok(registry.message.includes(join(tmp, 'hub')));
    assert.equal(registry.download, `python -c 'from sae_lens import SAE; SAE.from_pretrained("gpt2-small-res-jb", "blocks.3.hook_resid_pre")'`);
    const repo = await resolveReference(pretrained('me/my-saes', 'layer 2'), context);
    assert.ok(!repo.found && repo.download === `huggingface-cli download me/my-saes --include 'layer 2/*'`);
    const found = await resolveReference(pretrained('gpt2-small-res-jb', 'blocks.8.hook_resid_pre'), context);
    assert.ok(found.found && found.weights.endsWith(join('main-commit', 'blocks.8.hook_resid_pre', 'sae_weights.safetensors')));
  });
});

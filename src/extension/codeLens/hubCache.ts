/**
 * Finding an SAE that SAELens (through huggingface_hub) has downloaded: the hub cache keeps each repository as
 * `<cache>/models--<owner>--<name>/snapshots/<commit>/<files>`, with `refs/main` naming the current commit.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { findWeightsFile } from '../saeWeightFiles';

/** huggingface_hub's own order: HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE, HF_HOME/hub, XDG_CACHE_HOME/huggingface/hub, ~/.cache/huggingface/hub. */
export function hubCacheDir(env: Record<string, string | undefined>, home: string): string {
  const expand = (p: string) => (p === '~' || p.startsWith('~/') ? join(home, p.slice(1)) : p);
  if (env.HF_HUB_CACHE) return expand(env.HF_HUB_CACHE);
  if (env.HUGGINGFACE_HUB_CACHE) return expand(env.HUGGINGFACE_HUB_CACHE);
  if (env.HF_HOME) return join(expand(env.HF_HOME), 'hub');
  return join(env.XDG_CACHE_HOME ? expand(env.XDG_CACHE_HOME) : join(home, '.cache'), 'huggingface', 'hub');
}

export interface CachedSae {
  repoId: string;
  weights: string;
}

/**
 * The weights of `saeId` (a folder or file inside a repository; null for the repository's root). A release with
 * a slash is a repository id and only that repository is searched. Otherwise SAELens' registry would name the
 * repository, which we do not ship: repositories named like the release are searched first, then every other.
 */
export async function findInHubCache(cache: string, release: string, saeId: string | null): Promise<CachedSae | undefined> {
  const entries = await readdir(cache).catch(() => [] as string[]);
  const repos = entries.filter((e) => e.startsWith('models--')).map((folder) => ({ folder, repoId: folder.slice('models--'.length).split('--').join('/') }));
  const wanted = release.toLowerCase();
  const named = (repoId: string) => (repoId.includes('/') ? repoId.slice(repoId.indexOf('/') + 1) : repoId).toLowerCase() === wanted;
  const ordered = release.includes('/')
    ? repos.filter((r) => r.repoId.toLowerCase() === wanted)
    : [...repos.filter((r) => named(r.repoId)), ...repos.filter((r) => !named(r.repoId))];
  for (const repo of ordered) {
    for (const snapshot of await snapshots(join(cache, repo.folder))) {
      const weights = await findWeightsFile(saeId ? join(snapshot, ...saeId.split('/')) : snapshot);
      if (weights) return { repoId: repo.repoId, weights };
    }
  }
  return undefined;
}

/** The repository's snapshot folders, the one refs/main names first, then newest first. */
async function snapshots(repoFolder: string): Promise<string[]> {
  const root = join(repoFolder, 'snapshots');
  const commits = await readdir(root).catch(() => [] as string[]);
  const main = (await readFile(join(repoFolder, 'refs', 'main'), 'utf8').catch(() => '')).trim();
  const dated = await Promise.all(commits.map(async (c) => ({ c, time: (await stat(join(root, c)).catch(() => undefined))?.mtimeMs ?? 0 })));
  dated.sort((a, b) => Number(b.c === main) - Number(a.c === main) || b.time - a.time);
  return dated.map(({ c }) => join(root, c));
}

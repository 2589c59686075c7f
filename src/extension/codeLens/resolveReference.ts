/**
 * From an SAE reference in code to the weights file the inspector opens, or to an explanation of why there is
 * none and what to do. Paths are tried relative to the code's folder, then to each workspace folder; SAELens
 * releases are looked for in the Hugging Face hub cache.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { SAE_WEIGHT_FILES, findWeightsFile } from '../saeWeightFiles';
import { findInHubCache, hubCacheDir } from './hubCache';
import type { SaeReference } from './saeReferences';

export interface ResolveContext {
  /** The folder of the file holding the code; undefined for an unsaved file. */
  documentFolder: string | undefined;
  workspaceFolders: string[];
  home: string;
  env: Record<string, string | undefined>;
}

export type Resolution =
  | { found: true; weights: string }
  | {
      found: false;
      /** What went wrong and what to do, in a sentence or two. */
      message: string;
      /** A command that downloads the SAE, where one is known. */
      download?: string;
    };

export async function resolveReference(reference: SaeReference, context: ResolveContext): Promise<Resolution> {
  return reference.kind === 'path' ? resolvePath(reference.path, context) : resolvePretrained(reference.release, reference.saeId, context);
}

/** The places a path in code may mean, in the order they are tried. */
export function candidatePaths(path: string, context: ResolveContext): string[] {
  const expanded = path === '~' || path.startsWith('~/') || path.startsWith('~\\') ? join(context.home, path.slice(1)) : path;
  if (isAbsolute(expanded)) return [expanded];
  const bases = [...(context.documentFolder ? [context.documentFolder] : []), ...context.workspaceFolders];
  return [...new Set(bases.map((base) => resolve(base, expanded)))];
}

async function resolvePath(path: string, context: ResolveContext): Promise<Resolution> {
  const candidates = candidatePaths(path, context);
  let folderWithoutWeights: string | undefined;
  for (const candidate of candidates) {
    const weights = await findWeightsFile(candidate);
    if (weights) return { found: true, weights };
    if (!folderWithoutWeights && (await stat(candidate).catch(() => undefined))?.isDirectory()) folderWithoutWeights = candidate;
  }
  if (folderWithoutWeights) {
    return {
      found: false,
      message: `${folderWithoutWeights} holds no SAE weights (looked for ${SAE_WEIGHT_FILES.join(', ')}). Choose the weights with Open SAE….`,
    };
  }
  if (candidates.length === 0) return { found: false, message: `"${path}" is relative, and this file is not saved in a folder and no workspace folder is open. Save the file, or use Open SAE….` };
  return { found: false, message: `"${path}" was not found: looked for ${candidates.join(' and ')}. Create it (or fix the path), or use Open SAE….` };
}

async function resolvePretrained(release: string, saeId: string | null, context: ResolveContext): Promise<Resolution> {
  const cache = hubCacheDir(context.env, context.home);
  const cached = await findInHubCache(cache, release, saeId);
  if (cached) return { found: true, weights: cached.weights };
  const call = `SAE.from_pretrained(${pyString(release)}${saeId === null ? '' : `, ${pyString(saeId)}`})`;
  if (release.includes('/')) {
    const include = saeId === null ? '' : ` --include ${shellQuote(`${saeId}/*`)}`;
    return {
      found: false,
      message: `${call} is not downloaded: no ${saeId ?? 'SAE'} of ${release} in the Hugging Face cache (${cache}). Download it, then click again.`,
      download: `huggingface-cli download ${shellQuote(release)}${include}`,
    };
  }
  return {
    found: false,
    message:
      `${call} is not downloaded: it is not in the Hugging Face cache (${cache}, set by HF_HUB_CACHE or HF_HOME). ` +
      'Run the call once in Python (SAELens downloads it there) and click again, or open a local copy with Open SAE….',
    download: `python -c ${shellQuote(`from sae_lens import SAE; ${call}`)}`,
  };
}

function pyString(value: string): string {
  return JSON.stringify(value);
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

import { basename, dirname, join } from 'node:path';
import { FormatError, sniffFormat } from '../../io';
import type { SaeBundle } from '../bundle';
import { checkBundle } from './checkBundle';
import { dictionaryLearningAdapter } from './dictionaryLearning';
import { isFolder, listFolder } from './folderListing';
import { gemmaScopeAdapter } from './gemmaScope';
import { llamaScopeAdapter } from './llamaScope';
import { saeLensAdapter } from './saelens';
import { isSparsifyHookpoint, sparsifyAdapter } from './sparsify';
import type { DetectedSae, FolderListing, SaeFormatAdapter } from './types';

/**
 * Tried in this order; the first to claim wins. Llama Scope precedes dictionary_learning because its tensor
 * names (encoder.weight, decoder.bias, …) would also pass for an AutoEncoderNew.
 */
const ADAPTERS: readonly SaeFormatAdapter[] = [saeLensAdapter, sparsifyAdapter, llamaScopeAdapter, gemmaScopeAdapter, dictionaryLearningAdapter];

/** Weights files that mean nothing without the config file beside them. */
const NEEDS_CONFIG: Record<string, string> = { 'sae_weights.safetensors': 'cfg.json', 'sae.safetensors': 'cfg.json' };

const PICKLE_NAME = /\.(pt|pth|bin|ckpt)$/;

const EXPECTED =
  'expected cfg.json + sae_weights.safetensors (SAELens), cfg.json + sae.safetensors (sparsify), params.npz (Gemma Scope), ' +
  'hyperparams.json + checkpoints/final.safetensors (Llama Scope), or ae.safetensors / config.json + one .safetensors (dictionary_learning)';

/** Which SAE format a file or folder holds, judged from the files present and their tensor names. */
export async function detectSaeFormat(path: string): Promise<DetectedSae> {
  return (await locate(path)).found;
}

/** Loads the SAE at `path` (a folder, or one weights file) into a bundle in SAELens orientation. */
export async function loadSae(path: string): Promise<SaeBundle> {
  const { found, adapter } = await locate(path);
  const bundle = await adapter.load(found);
  checkBundle(bundle, found.weights);
  return bundle;
}

interface Located {
  found: DetectedSae;
  adapter: SaeFormatAdapter;
}

async function locate(path: string): Promise<Located> {
  return (await isFolder(path)) ? locateInFolder(await listFolder(path)) : locateFile(path);
}

async function locateFile(path: string): Promise<Located> {
  const kind = await sniffFormat(path);
  if (kind === 'pickle') throw pickleRefusal(path);
  const folder = await listFolder(dirname(path));
  refuseWithoutConfig(folder, basename(path));
  for (const adapter of ADAPTERS) {
    const found = await adapter.claimFile(path, kind, folder);
    if (found) return { found, adapter };
  }
  throw new FormatError('unsupported', path, `not a recognised SAE file (its content is ${kind}); ${EXPECTED}`);
}

async function locateInFolder(folder: FolderListing): Promise<Located> {
  for (const adapter of ADAPTERS) {
    const found = await adapter.claimFolder(folder);
    if (found) return { found, adapter };
  }
  const hookpoints: string[] = [];
  for (const dir of folder.dirs) if (isSparsifyHookpoint((await listFolder(join(folder.path, dir))).files)) hookpoints.push(dir);
  if (hookpoints.length > 0) {
    const problem = `holds one sparsify SAE per hookpoint (${hookpoints.join(', ')}); load one of these subfolders`;
    throw new FormatError('unsupported', folder.path, problem);
  }
  for (const name of [...folder.files].filter((f) => PICKLE_NAME.test(f))) {
    if ((await sniffFormat(join(folder.path, name))) === 'pickle') throw pickleRefusal(join(folder.path, name));
  }
  for (const name of folder.files) refuseWithoutConfig(folder, name);
  if (folder.files.has('cfg.json')) {
    const problem = 'cfg.json is here but no sae_weights.safetensors (SAELens) or sae.safetensors (sparsify)';
    throw new FormatError('not-found', join(folder.path, 'sae_weights.safetensors'), problem);
  }
  throw new FormatError('not-found', folder.path, `no SAE found; ${EXPECTED}`);
}

function refuseWithoutConfig(folder: FolderListing, weightsName: string): void {
  const config = NEEDS_CONFIG[weightsName];
  if (config && !folder.files.has(config)) {
    throw new FormatError('not-found', join(folder.path, config), `${weightsName} needs its ${config} beside it, and there is none`);
  }
}

function pickleRefusal(file: string): FormatError {
  const converted = basename(file).replace(/\.[^.]+$/, '') + '.safetensors';
  return new FormatError(
    'pickle',
    file,
    'is a torch pickle, which is never unpickled here because loading one can run arbitrary code. Convert it in Python: ' +
      `import torch, safetensors.torch; safetensors.torch.save_file(torch.load("${basename(file)}", weights_only=True), "${converted}")`,
  );
}

/** The weight files an SAE folder may hold, and finding them on disk without VS Code (for code that unit tests run). */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';

/** In order of preference: SAELens, sparsify, Gemma Scope, Llama Scope, dictionary_learning, then a saved run's SAE. */
export const SAE_WEIGHT_FILES = ['sae_weights.safetensors', 'sae.safetensors', 'params.npz', 'checkpoints/final.safetensors', 'ae.safetensors', 'sae/sae_weights.safetensors'];

/** The file itself, or for a folder the first weights file it holds; undefined when there is none or nothing there. */
export async function findWeightsFile(path: string): Promise<string | undefined> {
  const found = await stat(path).catch(() => undefined);
  if (!found) return undefined;
  if (!found.isDirectory()) return path;
  for (const name of SAE_WEIGHT_FILES) {
    const candidate = join(path, name);
    if ((await stat(candidate).catch(() => undefined))?.isFile()) return candidate;
  }
  return undefined;
}

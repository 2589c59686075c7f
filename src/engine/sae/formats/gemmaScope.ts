import { dirname, join, sep } from 'node:path';
import type { SaeBundle, SaeConfig } from '../bundle';
import { decoderMatrix, encoderMatrix, vectorLength, vectorOf, type SaeDims } from './orientation';
import type { SaeFormatAdapter } from './types';
import { WeightSet } from './weightSet';

const PARAMS = 'params.npz';

/**
 * Gemma Scope: `params.npz` with W_enc [d, F], W_dec [F, d], b_enc [F], b_dec [d], threshold [F] (some files
 * spell the matrices w_enc / w_dec). JumpReLU without b_dec subtracted from the input. The npz carries no config,
 * so d_in / d_sae come from the bias lengths, and model, layer and hook from the release's path
 * (`gemma-scope-2b-pt-res/layer_12/width_16k/average_l0_41/params.npz`) when it has one.
 */
export const gemmaScopeAdapter: SaeFormatAdapter = {
  formats: ['gemma-scope'],

  async claimFolder(folder) {
    return folder.files.has(PARAMS) ? { format: 'gemma-scope', weights: join(folder.path, PARAMS) } : undefined;
  },

  async claimFile(file, kind) {
    return kind === 'npz' ? { format: 'gemma-scope', weights: file } : undefined;
  },

  async load(found) {
    const weights = await WeightSet.fromNpz(found.weights);
    const name = (canonical: string) => (weights.has(canonical) ? canonical : canonical.toLowerCase());
    const dims: SaeDims = { d_in: vectorLength(weights, 'b_dec'), d_sae: vectorLength(weights, 'b_enc') };
    const release = releaseFromPath(found.weights);
    let W_enc = encoderMatrix(weights, name('W_enc'), dims, 'saelens');
    let W_dec = decoderMatrix(weights, name('W_dec'), dims, 'saelens');
    if (release.embedding) {
      // Embedding SAEs were trained on embeddings scaled by sqrt(d_model), as SAELens' gemma_2 loader undoes.
      const root = Math.sqrt(dims.d_in);
      W_enc = W_enc.map((v) => v / root);
      W_dec = W_dec.map((v) => v * root);
    }
    const cfg: SaeConfig = {
      architecture: 'jumprelu',
      ...dims,
      dtype: weights.torchDtype(name('W_dec')),
      apply_b_dec_to_input: false,
      normalize_activations: 'none',
      metadata: release.metadata,
      extra: release.hookZ ? { reshape_activations: 'hook_z' } : {},
    };
    return {
      cfg,
      W_enc,
      b_enc: vectorOf(weights, 'b_enc', dims.d_sae, 'd_sae'),
      W_dec,
      b_dec: vectorOf(weights, 'b_dec', dims.d_in, 'd_in'),
      extras: { threshold: { shape: [dims.d_sae], data: vectorOf(weights, 'threshold', dims.d_sae, 'd_sae') } },
      source: { format: 'gemma-scope', path: found.weights },
    } satisfies SaeBundle;
  },
};

interface Release {
  embedding: boolean;
  hookZ: boolean;
  metadata: Record<string, unknown>;
}

/** What the Gemma Scope folder names say: `gemma-scope-<size>-<pt|it>-<res|mlp|att>`, `layer_<L>` or `embedding`. */
function releaseFromPath(file: string): Release {
  const parts = dirname(file).split(sep);
  const repo = parts.map((p) => /^gemma-scope-(\d+b)-(pt|it)-(res|mlp|att)/.exec(p)).find((m) => m);
  const layer = parts.map((p) => /^layer_(\d+)$/.exec(p)?.[1]).find((l) => l !== undefined);
  const embedding = parts.includes('embedding');
  const metadata: Record<string, unknown> = {};
  if (repo) metadata.model_name = `gemma-2-${repo[1]}${repo[2] === 'it' ? '-it' : ''}`;
  const site = repo?.[3];
  if (site === 'res' && embedding) metadata.hook_name = 'hook_embed';
  else if (site && layer !== undefined) {
    metadata.hook_name = `blocks.${layer}.${{ res: 'hook_resid_post', mlp: 'hook_mlp_out', att: 'attn.hook_z' }[site]}`;
  }
  return { embedding, hookZ: site === 'att', metadata };
}

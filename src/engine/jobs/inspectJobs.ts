/** The inspector's jobs: open an SAE, page its latent table, describe one latent, find nearest latents. */
import type { JobHandlers } from './dispatcher';
import type { SaeBundle } from '../sae/bundle';
import { loadSae, summarizeSae } from '../sae/formats';
import { decoderMaxCosineOrt } from '../sae/redundancy';
import type { LatentDetail, SaeOverview } from '../../shared/protocol';
import { latentActivations } from './activationRecord';
import { LatentTable } from './latentTable';
import type { SaeStore } from './saeStore';

type InspectHandlers = Pick<JobHandlers, 'inspectSae' | 'latentRows' | 'latentPage' | 'nearestLatents' | 'releaseSae'>;

const TOP_DIMS = 16;
const NEIGHBOURS = 10;

export function inspectHandlers(store: SaeStore): InspectHandlers {
  return {
    inspectSae: async ({ path }, { progress }) => {
      progress({ message: `loading ${path}` });
      const bundle = await loadSae(path);
      const density = densityOf(bundle);
      const table = new LatentTable({
        count: bundle.cfg.d_sae,
        decoderNorm: rowNorms(bundle.W_dec, bundle.cfg.d_sae, bundle.cfg.d_in),
        density,
        maxActivation: null,
        nearest: null,
        nearestCosine: null,
      });
      return overviewOf(store.add(bundle, table), bundle, density !== null);
    },
    latentRows: async ({ handle, query }) => store.get(handle).table.query(query),
    latentPage: async ({ handle, latent }) => latentDetail(store, handle, latent),
    nearestLatents: async ({ handle }, { signal, progress }) => {
      const { bundle, table } = store.get(handle);
      progress({ message: `nearest latents of ${bundle.cfg.d_sae} by decoder cosine` });
      const { nearest, cosine } = await decoderMaxCosineOrt(bundle.W_dec, bundle.cfg.d_sae, bundle.cfg.d_in, signal);
      table.update({ nearest, nearestCosine: cosine });
      return { computed: bundle.cfg.d_sae };
    },
    releaseSae: async ({ handle }) => ({ released: store.release(handle) }),
  };
}

function overviewOf(handle: number, bundle: SaeBundle, hasDensity: boolean): SaeOverview {
  const summary = summarizeSae(bundle);
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(bundle.cfg.metadata)) metadata[key] = typeof value === 'string' ? value : JSON.stringify(value);
  return {
    handle,
    path: bundle.source.path,
    format: summary.format,
    architecture: summary.architecture,
    dIn: summary.d_in,
    dSae: summary.d_sae,
    dtype: summary.dtype,
    k: summary.k ?? null,
    hookName: summary.hook_name ?? null,
    modelName: summary.model_name ?? null,
    normalizeActivations: summary.normalize_activations,
    applyBDecToInput: summary.apply_b_dec_to_input,
    tensors: summary.tensors,
    metadata,
    hasDensity,
  };
}

/** SAELens' sparsity.safetensors holds log10(density + 1e-10) per latent. */
function densityOf(bundle: SaeBundle): Float64Array | null {
  const sparsity = bundle.extras.sparsity;
  if (!sparsity || sparsity.data.length !== bundle.cfg.d_sae) return null;
  return Float64Array.from(sparsity.data, (log10) => Math.max(0, 10 ** log10 - 1e-10));
}

export function rowNorms(matrix: Float32Array, rows: number, cols: number): Float64Array {
  const norms = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = r * cols; c < (r + 1) * cols; c++) sum += matrix[c] * matrix[c];
    norms[r] = Math.sqrt(sum);
  }
  return norms;
}

function latentDetail(store: SaeStore, handle: number, latent: number): LatentDetail {
  const { bundle, table, activations, tokens } = store.get(handle);
  const { d_sae: dSae, d_in: dIn } = bundle.cfg;
  if (latent >= dSae) throw new Error(`latent ${latent} is not in 0..${dSae - 1}`);
  const row = table.row(latent);
  const decoder = bundle.W_dec.subarray(latent * dIn, (latent + 1) * dIn);
  const topDims = Array.from(decoder.keys())
    .sort((a, b) => Math.abs(decoder[b]) - Math.abs(decoder[a]) || a - b)
    .slice(0, TOP_DIMS)
    .map((dim) => ({ dim, weight: decoder[dim] }));
  return {
    index: latent,
    decoderNorm: row.decoderNorm,
    density: row.density,
    encoderBias: bundle.b_enc[latent],
    topDims,
    neighbours: nearestByDecoder(bundle.W_dec, table.current.decoderNorm, dSae, dIn, latent),
    activations: activations ? latentActivations(activations, latent, undefined, undefined, tokens) : null,
  };
}

/** One latent's row of the decoder cosine matrix, best first: O(d_sae·d_in), fast enough per click. */
function nearestByDecoder(W_dec: Float32Array, norms: Float64Array, dSae: number, dIn: number, latent: number) {
  const cosines: { latent: number; cosine: number }[] = [];
  const base = latent * dIn;
  for (let j = 0; j < dSae; j++) {
    if (j === latent || norms[j] === 0 || norms[latent] === 0) continue;
    let dot = 0;
    for (let d = 0; d < dIn; d++) dot += W_dec[base + d] * W_dec[j * dIn + d];
    cosines.push({ latent: j, cosine: dot / (norms[latent] * norms[j]) });
  }
  return cosines.sort((a, b) => b.cosine - a.cosine || a.latent - b.latent).slice(0, NEIGHBOURS);
}

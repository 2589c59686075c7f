/**
 * "Copy as Python" on the SAE inspector: NumPy code that computes what the inspector shows — decoder norms, each
 * latent's nearest latent by decoder cosine, densities from sparsity.safetensors, and a latent's page (top decoder
 * dimensions, nearest latents) — with the SAELens equivalent where the SAE is a SAELens folder.
 */
import { decoderLoader, loaderImports, pyString, scaleNote } from './pythonSource';

export interface InspectorSnippetInput {
  /** The weights file the inspector opened. */
  weights: string;
  /** The SAE's format as the engine detected it (saelens, gemma-scope, …). */
  format: string;
  /** The latent whose page is open, if any. */
  latent: number | null;
  /** Whether a sparsity.safetensors beside the weights gave densities. */
  hasDensity: boolean;
}

/** Top decoder dimensions and nearest latents on a latent's page (the engine's TOP_DIMS and NEIGHBOURS). */
const TOP_DIMS = 16;
const NEIGHBOURS = 10;
/** Rows of the cosine matrix computed at a time. */
const BLOCK = 1024;

export function inspectorSnippet({ weights, format, latent, hasDensity }: InspectorSnippetInput): string {
  const folder = weights.replace(/[\\/][^\\/]*$/, '');
  const separator = weights.includes('\\') && !weights.includes('/') ? '\\' : '/';
  const lines = [
    `# Reproduces SAE Scope's inspector for ${weights}:`,
    '# the latent table (decoder norms, nearest latent by decoder cosine) and a latent\'s page.',
    ...loaderImports([weights]),
    ...(format.startsWith('saelens') ? ['# With SAELens instead (pip install sae-lens):', `#   from sae_lens import SAE; sae = SAE.load_from_disk(${pyString(folder)}); W_dec = sae.W_dec.detach().double().cpu().numpy()`] : []),
    '',
    ...decoderLoader([weights]),
    '',
    `W_dec = load_decoder(${pyString(weights)})  # [d_sae, d_in]`,
    ...scaleNote(format),
    'decoder_norm = np.linalg.norm(W_dec, axis=1)  # the table\'s "Decoder ‖W_dec,i‖"',
    'unit = W_dec / np.where(decoder_norm > 0, decoder_norm, 1.0)[:, None]',
    '',
    '# "Nearest" and "Cosine": each latent\'s most similar other decoder row, a block of rows at a time.',
    'nearest = np.empty(len(unit), dtype=np.int64)',
    'nearest_cos = np.empty(len(unit))',
    `for start in range(0, len(unit), ${BLOCK}):`,
    `    cos = unit[start:start + ${BLOCK}] @ unit.T`,
    '    cos[np.arange(len(cos)), np.arange(start, start + len(cos))] = -np.inf  # not itself',
    '    nearest[start:start + len(cos)] = cos.argmax(axis=1)',
    '    nearest_cos[start:start + len(cos)] = cos.max(axis=1)',
  ];
  if (hasDensity) {
    lines.push(
      '',
      '# "Density": SAELens\' sparsity.safetensors holds log10(density + 1e-10) per latent.',
      `density = np.maximum(0.0, 10 ** load_file(${pyString(`${folder}${separator}sparsity.safetensors`)})["sparsity"].astype(np.float64) - 1e-10)`,
    );
  }
  lines.push(
    '',
    'for i in range(min(10, len(W_dec))):',
    `    print(f"latent {i}: decoder norm {decoder_norm[i]:.4f}, nearest {nearest[i]} (cos {nearest_cos[i]:.3f})"${hasDensity ? ' + f", density {density[i]:.3g}"' : ''})`,
  );
  if (latent !== null) {
    lines.push(
      '',
      `latent = ${latent}`,
      `top_dims = np.argsort(-np.abs(W_dec[latent]), kind="stable")[:${TOP_DIMS}]  # "Top decoder dimensions"`,
      'row_cos = unit @ unit[latent]',
      'row_cos[latent] = -np.inf',
      'row_cos[decoder_norm == 0] = -np.inf  # latents without a direction have no cosine',
      `neighbours = np.argsort(-row_cos, kind="stable")[:${NEIGHBOURS}]  # "Nearest latents (decoder cosine)"`,
      'print(f"latent {latent}: decoder norm {decoder_norm[latent]:.4f}")',
      'print("top decoder dimensions:", [(int(d), round(float(W_dec[latent, d]), 4)) for d in top_dims])',
      'print("nearest latents:", [(int(j), round(float(row_cos[j]), 3)) for j in neighbours if np.isfinite(row_cos[j])])',
    );
  }
  return `${lines.join('\n')}\n`;
}

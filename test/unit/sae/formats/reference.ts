import type { SaeBundle } from '../../../../src/engine/sae/bundle';

/**
 * A plain-TypeScript SAE forward pass in float64, written from SAELens' encode/decode (sae_lens/saes/*.py), used
 * only to check that loading, folding and conversion keep what an SAE computes. Input normalisation is "none".
 */
export function encode(bundle: SaeBundle, x: number[][]): number[][] {
  const { cfg, W_enc, b_enc, b_dec, extras } = bundle;
  const pre = (row: number[], bias: ArrayLike<number>, weight: (i: number, j: number) => number) =>
    Array.from({ length: cfg.d_sae }, (_, j) => {
      let sum = bias[j];
      for (let i = 0; i < cfg.d_in; i++) sum += (row[i] - (cfg.apply_b_dec_to_input ? b_dec[i] : 0)) * weight(i, j);
      return sum;
    });
  const wEnc = (i: number, j: number) => W_enc[i * cfg.d_sae + j];
  const norms = decoderNorms(bundle);
  switch (cfg.architecture) {
    case 'standard':
      return x.map((row) => pre(row, b_enc, wEnc).map(relu));
    case 'jumprelu':
      return x.map((row) => pre(row, b_enc, wEnc).map((h, j) => (h > extras.threshold.data[j] ? relu(h) : 0)));
    case 'gated':
      return x.map((row) => {
        const gate = pre(row, extras.b_gate.data, wEnc);
        const magnitude = pre(row, extras.b_mag.data, (i, j) => wEnc(i, j) * Math.exp(extras.r_mag.data[j]));
        return gate.map((g, j) => (g > 0 ? relu(magnitude[j]) : 0));
      });
    case 'topk':
      return x.map((row) => {
        const scaled = pre(row, b_enc, wEnc).map((h, j) => (cfg.rescale_acts_by_decoder_norm ? h * norms[j] : h));
        const kept = new Set(rankDescending(scaled).slice(0, cfg.k));
        return scaled.map((h, j) => (kept.has(j) ? relu(h) : 0));
      });
    case 'batchtopk':
    case 'matryoshka_batchtopk': {
      const scaled = x.map((row) => pre(row, b_enc, wEnc).map((h, j) => relu(cfg.rescale_acts_by_decoder_norm ? h * norms[j] : h)));
      const flat = scaled.flat();
      const kept = new Set(rankDescending(flat).slice(0, Math.floor((cfg.k ?? 0) * x.length)));
      return scaled.map((row, r) => row.map((v, j) => (kept.has(r * cfg.d_sae + j) ? v : 0)));
    }
  }
}

export function decode(bundle: SaeBundle, acts: number[][]): number[][] {
  const { cfg, W_dec, b_dec } = bundle;
  const rescale = cfg.rescale_acts_by_decoder_norm === true;
  const norms = decoderNorms(bundle);
  return acts.map((row) =>
    Array.from({ length: cfg.d_in }, (_, i) => {
      let sum = b_dec[i];
      for (let j = 0; j < cfg.d_sae; j++) sum += (rescale ? row[j] / norms[j] : row[j]) * W_dec[j * cfg.d_in + i];
      return sum;
    }),
  );
}

const relu = (v: number) => Math.max(v, 0);

function rankDescending(values: number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
}

function decoderNorms({ cfg, W_dec }: SaeBundle): number[] {
  return Array.from({ length: cfg.d_sae }, (_, j) => Math.hypot(...W_dec.subarray(j * cfg.d_in, (j + 1) * cfg.d_in)));
}

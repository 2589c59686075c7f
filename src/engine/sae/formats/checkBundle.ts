import { FormatError } from '../../io';
import type { SaeBundle } from '../bundle';
import { archTensorShapes, isTopkFamily, SPARSITY } from './layout';

/**
 * Checks that a bundle is self-consistent: every tensor's size agrees with cfg.d_in / cfg.d_sae, the
 * architecture's own tensors are present, and the topk family has a usable k. `file` is named in the error.
 */
export function checkBundle(bundle: SaeBundle, file: string): void {
  const { cfg } = bundle;
  const fail = (problem: string) => new FormatError('shape-mismatch', file, problem);
  for (const key of ['d_in', 'd_sae'] as const) {
    if (!Number.isInteger(cfg[key]) || cfg[key] <= 0) throw fail(`${key} must be a positive integer (found ${cfg[key]})`);
  }
  const sizes: [string, Float32Array, number][] = [
    ['W_enc', bundle.W_enc, cfg.d_in * cfg.d_sae],
    ['b_enc', bundle.b_enc, cfg.d_sae],
    ['W_dec', bundle.W_dec, cfg.d_sae * cfg.d_in],
    ['b_dec', bundle.b_dec, cfg.d_in],
  ];
  for (const [name, data, want] of sizes) {
    if (data.length !== want) throw fail(`${name} holds ${data.length} values; d_in = ${cfg.d_in} and d_sae = ${cfg.d_sae} call for ${want}`);
  }
  const expected = { ...archTensorShapes(cfg), ...(bundle.extras[SPARSITY] ? { [SPARSITY]: [cfg.d_sae] } : {}) };
  for (const [name, shape] of Object.entries(expected)) {
    const extra = bundle.extras[name];
    if (!extra) throw fail(`a ${cfg.architecture} SAE needs the tensor "${name}"`);
    const want = shape.reduce((a, b) => a * b, 1);
    if (extra.data.length !== want || extra.shape.join() !== shape.join()) {
      const needs = `a ${cfg.architecture} SAE with d_sae = ${cfg.d_sae} needs [${shape.join(', ')}]`;
      throw fail(`"${name}" has shape [${extra.shape.join(', ')}] but ${needs}`);
    }
  }
  if (isTopkFamily(cfg.architecture) && !(typeof cfg.k === 'number' && cfg.k > 0)) throw fail(`a ${cfg.architecture} SAE needs a positive k`);
  if (cfg.architecture === 'topk' && !Number.isInteger(cfg.k)) throw fail(`a topk SAE needs an integer k (found ${cfg.k})`);
  if (cfg.architecture === 'matryoshka_batchtopk') checkMatryoshkaWidths(cfg.matryoshka_widths, cfg.d_sae, fail);
}

function checkMatryoshkaWidths(widths: number[] | undefined, dSae: number, fail: (problem: string) => Error): void {
  const ok =
    widths !== undefined &&
    widths.length > 0 &&
    widths.every((w, i) => Number.isInteger(w) && w > 0 && (i === 0 || w > widths[i - 1])) &&
    widths[widths.length - 1] === dSae;
  if (!ok) throw fail(`matryoshka_widths must increase strictly and end at d_sae = ${dSae} (found ${JSON.stringify(widths)})`);
}

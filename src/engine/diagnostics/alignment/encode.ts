import { SaeBundle } from '../../sae/bundle';
import { SaeSession } from '../../sae/inference';
import { Representation } from './representation';

/** How well an SAE reconstructs the rows it encoded. */
export interface SaeFit {
  /** mean_{b,d} (x̂ − x)², ToySAE's training loss without the auxiliary term. */
  msePerElement: number;
  /** 1 − Σ‖x − x̂‖² / Σ‖x − x̄‖² (centred). */
  explainedVariance: number;
  /** mean_b #{i : a_bi ≠ 0}. */
  l0: number;
  /** Latents zero on every encoded row. */
  deadLatents: number;
}

/** The SAE's latent code of every row of `x` (in batches; the last is padded), and its reconstruction quality. */
export async function encodeRows(bundle: SaeBundle, x: Representation, batch = 1024): Promise<{ codes: Representation; fit: SaeFit }> {
  const { d_in: dIn, d_sae: width } = bundle.cfg;
  if (x.units !== dIn) throw new RangeError(`${bundle.source.path || 'the SAE'} takes ${dIn} inputs, but the representation has ${x.units} units`);
  const rows = Math.min(batch, x.rows);
  const session = await SaeSession.create(bundle, rows);
  const codes = new Float32Array(x.rows * width);
  const input = new Float32Array(rows * dIn);
  const mean = new Float64Array(dIn);
  for (let i = 0; i < x.data.length; i++) mean[i % dIn] += x.data[i] / x.rows;
  let errorSq = 0, centredSq = 0, active = 0;
  try {
    for (let start = 0; start < x.rows; start += rows) {
      const n = Math.min(rows, x.rows - start);
      input.fill(0);
      input.set(x.data.subarray(start * dIn, (start + n) * dIn));
      const { acts, xHat } = await session.run(input);
      codes.set(acts.subarray(0, n * width), start * width);
      for (let i = 0; i < n * dIn; i++) {
        errorSq += (xHat[i] - input[i]) ** 2;
        centredSq += (input[i] - mean[i % dIn]) ** 2;
      }
      for (let i = 0; i < n * width; i++) if (acts[i] !== 0) active++;
    }
  } finally {
    await session.release();
  }
  let deadLatents = 0;
  for (let j = 0; j < width; j++) {
    let fired = false;
    for (let r = 0; r < x.rows && !fired; r++) fired = codes[r * width + j] !== 0;
    if (!fired) deadLatents++;
  }
  return {
    codes: { data: codes, rows: x.rows, units: width },
    fit: { msePerElement: errorSq / (x.rows * dIn), explainedVariance: 1 - errorSq / centredSq, l0: active / x.rows, deadLatents },
  };
}

import { Rng } from '../../util/random';

/** Teacher weights [V, d] as torch's `nn.Linear(d, V, bias=False)` initialises them: U(−1/√d, 1/√d). */
export function initPeakedSoftmaxTeacher(vocab: number, width: number, rng: Rng): Float32Array {
  const bound = 1 / Math.sqrt(width);
  return rng.fillUniform(new Float32Array(vocab * width), -bound, bound);
}

/** Scale of a [V, d] matrix along a reference, and their alignment, after centring each over the vocabulary. */
export interface Alignment {
  /** ⟨W_c, R_c⟩ / ⟨R_c, R_c⟩: W's component along the reference, in units of the reference. */
  ratio: number;
  /** ⟨W_c, R_c⟩ / (‖W_c‖ ‖R_c‖); 0 when W_c is zero. */
  cosine: number;
}

/**
 * Softmax ignores a shift of all logits, so adding one vector to every row of a head changes nothing;
 * centring each column over the V rows removes that direction before comparing heads.
 */
export function centredAlignment(w: ArrayLike<number>, reference: ArrayLike<number>, vocab: number, width: number): Alignment {
  const wc = centreColumns(w, vocab, width);
  const rc = centreColumns(reference, vocab, width);
  let dot = 0, ww = 0, rr = 0;
  for (let i = 0; i < wc.length; i++) {
    dot += wc[i] * rc[i];
    ww += wc[i] * wc[i];
    rr += rc[i] * rc[i];
  }
  return { ratio: dot / rr, cosine: ww === 0 ? 0 : dot / Math.sqrt(ww * rr) };
}

function centreColumns(w: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = Float64Array.from({ length: rows * cols }, (_, i) => w[i]);
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += out[i * cols + j];
    mean /= rows;
    for (let i = 0; i < rows; i++) out[i * cols + j] -= mean;
  }
  return out;
}

/**
 * Root-mean over inputs of the per-input standard deviation (over the vocabulary) of the logits x̂ W_Tᵀ,
 * before the temperature: the teacher's inverse temperature in standardised-logit units is this over T.
 * `xhat` holds n normalised inputs [n, d].
 */
export function teacherLogitStd(teacher: ArrayLike<number>, xhat: ArrayLike<number>, vocab: number, width: number): number {
  const n = xhat.length / width;
  const logits = new Float64Array(vocab);
  let variance = 0;
  for (let s = 0; s < n; s++) {
    let mean = 0;
    for (let v = 0; v < vocab; v++) {
      let z = 0;
      for (let j = 0; j < width; j++) z += teacher[v * width + j] * xhat[s * width + j];
      logits[v] = z;
      mean += z;
    }
    mean /= vocab;
    for (let v = 0; v < vocab; v++) variance += (logits[v] - mean) ** 2 / vocab;
  }
  return Math.sqrt(variance / n);
}

/** n inputs x ~ N(0, I_d), each RMS-normalised as the model's rmsnorm does ([n, d]). */
export function normalisedGaussianInputs(n: number, width: number, rng: Rng, eps: number): Float32Array {
  const x = rng.fillNormal(new Float32Array(n * width));
  for (let s = 0; s < n; s++) {
    let sq = 0;
    for (let j = 0; j < width; j++) sq += x[s * width + j] ** 2;
    const scale = 1 / Math.sqrt(sq / width + eps);
    for (let j = 0; j < width; j++) x[s * width + j] *= scale;
  }
  return x;
}

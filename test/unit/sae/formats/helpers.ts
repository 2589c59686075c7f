import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FormatError, writeSafetensors, type FormatErrorCode, type Tensor } from '../../../../src/engine/io';
import type { Matrix, SaeArchitecture, SaeBundle } from '../../../../src/engine/sae/bundle';
import { Rng } from '../../../../src/engine/util/random';

export const SAE_FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'sae');

/** A fresh temporary directory per test, removed afterwards. Call at the top of a describe block. */
export function useTempDir(): (...names: string[]) => string {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'saescope-sae-formats-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return (...names) => join(dir, ...names);
}

/** Asserts that `action` fails with a FormatError of `code` naming `file`, whose message matches `pattern`. */
export async function assertFormatError(action: Promise<unknown>, code: FormatErrorCode, file: string, pattern?: RegExp): Promise<void> {
  await assert.rejects(action, (err: unknown) => {
    assert.ok(err instanceof FormatError, `expected a FormatError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.file, file, err.message);
    if (pattern) assert.match(err.message, pattern);
    return true;
  });
}

const normals = (rng: Rng, n: number, scale: number) => Float32Array.from({ length: n }, () => rng.normal() * scale);

/** A deterministic random SAE of any architecture, with decoder rows of uneven norm so folding has work to do. */
export function randomBundle(architecture: SaeArchitecture, { d_in = 5, d_sae = 7, seed = 1 } = {}): SaeBundle {
  const rng = new Rng(seed);
  const latentVector = (scale: number, offset = 0): Matrix => ({ shape: [d_sae], data: normals(rng, d_sae, scale).map((v) => Math.abs(v) + offset) });
  const extras: Record<string, Matrix> = {};
  if (architecture === 'jumprelu') extras.threshold = latentVector(0.2, 0.05);
  if (architecture === 'gated') Object.assign(extras, { b_gate: latentVector(0.2, -0.1), r_mag: latentVector(0.3, -0.2), b_mag: latentVector(0.2, -0.1) });
  if (architecture === 'batchtopk' || architecture === 'matryoshka_batchtopk') extras.topk_threshold = { shape: [], data: Float32Array.of(0.125) };
  const topkFamily = architecture === 'topk' || architecture === 'batchtopk' || architecture === 'matryoshka_batchtopk';
  return {
    cfg: {
      architecture,
      d_in,
      d_sae,
      dtype: 'float32',
      apply_b_dec_to_input: seed % 2 === 1,
      normalize_activations: 'none',
      ...(topkFamily ? { k: architecture === 'topk' ? 2 : 2.5, rescale_acts_by_decoder_norm: true } : {}),
      ...(architecture === 'matryoshka_batchtopk' ? { matryoshka_widths: [2, 4, d_sae] } : {}),
      metadata: { model_name: 'toy', hook_name: 'blocks.0.hook_resid_post', sae_lens_version: '6.18.0' },
      extra: { device: 'cpu' },
    },
    W_enc: normals(rng, d_in * d_sae, 0.6),
    b_enc: architecture === 'gated' ? new Float32Array(d_sae) : normals(rng, d_sae, 0.1),
    // Rows scaled by 0.5, 1, 1.5, … so the decoder norms differ from one.
    W_dec: normals(rng, d_sae * d_in, 1).map((v, i) => v * (0.5 + 0.5 * Math.floor(i / d_in))),
    b_dec: normals(rng, d_in, 0.1),
    extras,
    source: { format: 'test', path: 'memory' },
  };
}

export function randomBatch(rows: number, d_in: number, seed = 7): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: d_in }, () => rng.normal()));
}

/** Asserts two batches agree elementwise within `tolerance` (absolute, plus the same relative to the size). */
export function assertClose(actual: number[][], expected: number[][], tolerance: number, label: string): void {
  assert.equal(actual.length, expected.length, label);
  actual.forEach((row, r) =>
    row.forEach((value, c) => {
      const want = expected[r][c];
      assert.ok(Math.abs(value - want) <= tolerance * (1 + Math.abs(want)), `${label}[${r}][${c}] = ${value}, expected ${want}`);
    }),
  );
}

export function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value));
}

/** A float32 tensor of `shape` holding 0, 1, 2, … (or `data`). */
export function f32(shape: number[], data?: ArrayLike<number>): Tensor & { data: Float32Array } {
  const size = shape.reduce((a, b) => a * b, 1);
  return { dtype: 'F32', shape, data: data ? Float32Array.from(data) : Float32Array.from({ length: size }, (_, i) => i) };
}

/** Writes a tensor file after creating its folder. */
export async function writeTensors(path: string, tensors: Record<string, Tensor>): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await writeSafetensors(path, tensors);
}

/** A minimal SAELens v6 folder: cfg.json plus sae_weights.safetensors with the standard tensors (overridable). */
export async function writeSaeLensFolder(
  folder: string,
  { cfg = {}, tensors = {} }: { cfg?: Record<string, unknown>; tensors?: Record<string, Tensor | undefined> } = {},
): Promise<void> {
  const d_in = (cfg.d_in as number | undefined) ?? 4;
  const d_sae = (cfg.d_sae as number | undefined) ?? 6;
  writeJson(join(folder, 'cfg.json'), { architecture: 'standard', d_in, d_sae, metadata: { sae_lens_version: '6.18.0' }, ...cfg });
  const all: Record<string, Tensor | undefined> = {
    W_enc: f32([d_in, d_sae]),
    b_enc: f32([d_sae]),
    W_dec: f32([d_sae, d_in]),
    b_dec: f32([d_in]),
    ...tensors,
  };
  const present = Object.entries(all).filter((entry): entry is [string, Tensor] => entry[1] !== undefined);
  await writeTensors(join(folder, 'sae_weights.safetensors'), Object.fromEntries(present));
}

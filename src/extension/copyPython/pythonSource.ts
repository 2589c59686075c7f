/** Pieces of the Python that "Copy as Python" writes: string literals and reading a decoder from any weights file. */

/** A Python string literal for any text (JSON's escapes are all valid in Python). */
export function pyString(value: string): string {
  return JSON.stringify(value);
}

/** `true` where a weights path is a NumPy archive (Gemma Scope's params.npz) rather than safetensors. */
const isNpz = (path: string) => /\.npz$/i.test(path);

/** The imports the loader needs for these files: NumPy always, safetensors only for .safetensors files. */
export function loaderImports(paths: string[]): string[] {
  return ['import numpy as np', ...(paths.some((p) => !isNpz(p)) ? ['from safetensors.numpy import load_file'] : [])];
}

/**
 * `load_decoder(path)`: W_dec as [d_sae, d_in] in float64, whichever format stored it — SAELens, sparsify and
 * Gemma Scope keep `W_dec` [d_sae, d_in]; dictionary_learning and Llama Scope keep torch's `decoder.weight` [d_in, d_sae].
 */
export function decoderLoader(paths: string[]): string[] {
  const npz = paths.some(isNpz);
  const safetensors = paths.some((p) => !isNpz(p));
  const read = npz && safetensors ? 'np.load(path) if path.endswith(".npz") else load_file(path)' : npz ? 'np.load(path)' : 'load_file(path)';
  return [
    'def load_decoder(path):',
    '    """The decoder as [d_sae, d_in], from an SAE weights file (SAELens, sparsify, dictionary_learning, Gemma or Llama Scope)."""',
    `    tensors = ${read}`,
    '    if "decoder.weight" in tensors:  # torch nn.Linear layout: [d_in, d_sae]',
    '        return np.asarray(tensors["decoder.weight"], dtype=np.float64).T',
    '    return np.asarray(tensors["W_dec" if "W_dec" in tensors else "w_dec"], dtype=np.float64)',
  ];
}

/** A note for formats whose decoder SAE Scope rescales on loading (so norms differ by one factor; cosines agree). */
export function scaleNote(format: string): string[] {
  if (format === 'llama-scope') return ['# SAE Scope folds Llama Scope\'s dataset norm into W_dec (÷ sqrt(d_in) / average norm), so its decoder norms', '# are these times one constant factor; cosines are the same. bf16 files need safetensors.torch instead of .numpy.'];
  if (format === 'gemma-scope') return ['# For Gemma Scope embedding SAEs SAE Scope multiplies W_dec by sqrt(d_in), as SAELens does; cosines are the same.'];
  return [];
}

/** A Python literal for a number: NaN and infinities as float(...), which Python has no literals for. */
export function pyNumber(value: number): string {
  if (Number.isNaN(value)) return 'float("nan")';
  if (!Number.isFinite(value)) return value > 0 ? 'float("inf")' : '-float("inf")';
  return String(value);
}

/** A Python list of numbers. */
export const pyNumbers = (values: readonly number[]): string => `[${values.map(pyNumber).join(', ')}]`;

/**
 * `read_safetensors(path)` in NumPy alone (an 8-byte header length, a JSON header, raw little-endian data), so the
 * diagnostics' snippets need nothing but NumPy. Needs `import json`.
 */
export function safetensorsReader(): string[] {
  return [
    'SAFETENSORS_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1", "U8": "u1", "BOOL": "?"}',
    '',
    '',
    'def read_safetensors(path):',
    '    """Every tensor of a .safetensors file as a NumPy array, without the safetensors package."""',
    '    with open(path, "rb") as f:',
    '        header = json.loads(f.read(int.from_bytes(f.read(8), "little")))',
    '        data = f.read()',
    '    tensors = {}',
    '    for name, t in header.items():',
    '        if name == "__metadata__":',
    '            continue',
    '        raw = data[t["data_offsets"][0]:t["data_offsets"][1]]',
    '        if t["dtype"] == "BF16":  # the top half of a float32',
    '            array = (np.frombuffer(raw, "<u2").astype(np.uint32) << 16).view(np.float32)',
    '        else:',
    '            array = np.frombuffer(raw, SAFETENSORS_DTYPES[t["dtype"]])',
    '        tensors[name] = array.reshape(t["shape"])',
    '    return tensors',
  ];
}

/**
 * `load_sae(path)`: an SAE's tensors in float64 with SAELens' names and orientation and the cfg.json fields the
 * encoders need, from a SAELens folder or weights file or a Gemma Scope params.npz (after `safetensorsReader`).
 * Needs `import json`, `from pathlib import Path`.
 */
export function saeLoader(): string[] {
  return [
    'def load_sae(path):',
    '    """W_enc [d_in, d_sae], b_enc, W_dec [d_sae, d_in], b_dec (float64) and the config, from a SAELens folder or file or a Gemma Scope params.npz."""',
    '    path = Path(path)',
    '    if path.is_dir():',
    '        path = next((path / name for name in ("sae_weights.safetensors", "sae.safetensors", "params.npz") if (path / name).exists()), path / "sae_weights.safetensors")',
    '    if path.suffix == ".npz":  # Gemma Scope: JumpReLU, b_dec not subtracted from the input',
    '        tensors, cfg = dict(np.load(path)), {"architecture": "jumprelu", "apply_b_dec_to_input": False}',
    '    else:',
    '        tensors = read_safetensors(path)',
    '        cfg_file = path.parent / "cfg.json"',
    '        cfg = json.loads(cfg_file.read_text()) if cfg_file.exists() else {}',
    '    sae = {name: np.asarray(tensors[name], dtype=np.float64) for name in ("W_enc", "b_enc", "W_dec", "b_dec")}',
    '    if "threshold" in tensors:',
    '        sae["threshold"] = np.asarray(tensors["threshold"], dtype=np.float64)',
    '    elif "log_threshold" in tensors:',
    '        sae["threshold"] = np.exp(np.asarray(tensors["log_threshold"], dtype=np.float64))',
    '    sae["architecture"] = cfg.get("architecture", "standard")',
    '    sae["k"] = cfg.get("k")',
    '    sae["apply_b_dec_to_input"] = cfg.get("apply_b_dec_to_input", True)',
    '    sae["rescale_acts_by_decoder_norm"] = cfg.get("rescale_acts_by_decoder_norm", sae["architecture"] != "topk")',
    '    return sae',
  ];
}

/** `unit_rows(w)`: each row of w at unit norm (zero rows left as they are). */
export function unitRows(): string[] {
  return ['def unit_rows(w):', '    norms = np.linalg.norm(w, axis=1, keepdims=True)', '    return w / np.where(norms > 0, norms, 1.0)'];
}

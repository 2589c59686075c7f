import { readFile } from 'node:fs/promises';
import { FormatError, openNpz, openSafetensors, readNpy, sniffFormat, type Tensor } from '../../io';

/** Activation rows to probe: [rows, d] in float64, with the tensor they came from. */
export interface ProbeActivations {
  file: string;
  /** The tensor's name in a .safetensors or .npz file; null for a .npy. */
  layer: string | null;
  rows: number;
  d: number;
  data: Float64Array;
}

/**
 * Reads activations from a `.npy` ([rows, d]; leading axes flattened into rows, [rows] read as d = 1) or one
 * tensor of a `.safetensors`/`.npz` (`layer` names it; a file with one tensor needs no name). Every value must
 * be finite: the error names the row and column of the first that is not.
 */
export async function readProbeActivations(path: string, layer?: string): Promise<ProbeActivations> {
  const format = await sniffFormat(path);
  let tensor: Tensor;
  let name: string | null = null;
  if (format === 'npy') {
    if (layer !== undefined) throw new FormatError('unsupported', path, `a .npy holds one array; --layer '${layer}' applies to .safetensors and .npz files`);
    tensor = await readNpy(path, { widen: true });
  } else if (format === 'safetensors' || format === 'npz') {
    const reader = format === 'safetensors' ? await openSafetensors(path) : await openNpz(path);
    try {
      const names = 'tensors' in reader ? reader.tensors.map((t) => t.name) : [...reader.names];
      name = pickLayer(path, names, layer);
      tensor = await reader.read(name, { widen: true });
    } finally {
      await reader.close();
    }
  } else {
    throw new FormatError('unsupported', path, `activations must be a .npy, .safetensors or .npz file; this file is ${format}`);
  }
  const shape = tensor.shape;
  if (shape.length === 0) throw new FormatError('bad-shape', path, 'activations must have rows; this is a scalar');
  const d = shape.length === 1 ? 1 : shape[shape.length - 1];
  const rows = shape.length === 1 ? shape[0] : shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const data = Float64Array.from(tensor.data as ArrayLike<number | bigint>, Number);
  const bad = data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new FormatError('bad-shape', path, `${name ? `tensor '${name}', ` : ''}row ${Math.floor(bad / d)}, column ${bad % d} is ${data[bad]}; activations must be finite`);
  return { file: path, layer: name, rows, d, data };
}

function pickLayer(path: string, names: string[], layer: string | undefined): string {
  if (layer !== undefined) {
    if (!names.includes(layer)) throw new FormatError('not-found', path, `no tensor '${layer}'; tensors: ${names.join(', ')}`);
    return layer;
  }
  if (names.length === 1) return names[0];
  throw new FormatError('not-found', path, `holds ${names.length} tensors; choose one with --layer: ${names.join(', ')}`);
}

/**
 * Reads binary labels from a `.npy` (any numeric or bool dtype, any shape), a `.json` array or a text file with
 * one label per line (0/1 or true/false). Every label must be 0 or 1.
 */
export async function readProbeLabels(path: string): Promise<Uint8Array> {
  const format = await sniffFormat(path);
  let values: unknown[];
  if (format === 'npy') {
    values = Array.from((await readNpy(path, { widen: true })).data as ArrayLike<number | bigint>, Number);
  } else if (format === 'unknown') {
    const text = new TextDecoder().decode(await readFile(path)).trim();
    if (text.startsWith('[')) {
      try {
        values = JSON.parse(text);
      } catch (e) {
        throw new FormatError('bad-json', path, `not JSON: ${(e as Error).message}`);
      }
    } else {
      values = text.split(/[\s,]+/).filter((s) => s !== '').map((s) => (s === 'true' ? 1 : s === 'false' ? 0 : Number(s)));
    }
  } else {
    throw new FormatError('unsupported', path, `labels must be a .npy, a JSON array or one label per line; this file is ${format}`);
  }
  const labels = new Uint8Array(values.length);
  values.forEach((v, i) => {
    const n = v === true ? 1 : v === false ? 0 : v;
    if (n !== 0 && n !== 1) throw new FormatError('bad-shape', path, `label ${i} is ${String(v)}; labels must be 0 or 1`);
    labels[i] = n;
  });
  return labels;
}

/** Checks labels against activations: one per row, and each class at least `folds` times. */
export function checkProbeLabels(acts: ProbeActivations, labels: Uint8Array, labelFile: string, folds: number): void {
  if (labels.length !== acts.rows) {
    throw new FormatError('shape-mismatch', labelFile, `${labels.length} labels for ${acts.rows} activation rows in ${acts.file}; there must be one per row`);
  }
  const positives = labels.reduce((s, v) => s + v, 0);
  const fewest = Math.min(positives, labels.length - positives);
  if (fewest < folds) throw new FormatError('bad-shape', labelFile, `${positives} positive and ${labels.length - positives} negative labels; each class needs at least ${folds} rows for ${folds} folds`);
}

import { basename } from 'node:path';
import { FormatError } from './errors';
import { openNpy } from './npy';
import { openNpz } from './npz';
import { loadOnnxModel, summarizeOnnxModel, type OnnxSummary } from './onnxModel';
import { openSafetensors } from './safetensors';
import { openSafetensorsIndex, type ShardedTensorInfo } from './safetensorsIndex';
import { sniffFormat } from './sniff';
import type { TensorInfo } from './tensor';

export type FileSummary =
  | { format: 'safetensors'; tensors: TensorInfo[]; metadata: Record<string, string> }
  | { format: 'safetensors-index'; tensors: ShardedTensorInfo[]; metadata: Record<string, unknown>; shards: string[] }
  | { format: 'npy' | 'npz'; tensors: TensorInfo[] }
  | ({ format: 'onnx' } & OnnxSummary);

const PICKLE_REFUSAL =
  'is a pickle (or a torch.save zip holding one); pickled files are never unpickled because loading one can run arbitrary code. ' +
  "Convert it in Python: from safetensors.torch import save_file; save_file(torch.load(path, weights_only=True), 'out.safetensors')";

/** A JSON-serialisable description of a tensor or model file: its format and what it holds, without reading tensor data. */
export async function inspectFile(path: string): Promise<FileSummary> {
  const format = await sniffFormat(path);
  switch (format) {
    case 'safetensors': {
      const st = await openSafetensors(path);
      await st.close();
      return { format, tensors: st.tensors.map(tensorInfo), metadata: { ...st.metadata } };
    }
    case 'safetensors-index': {
      const index = await openSafetensorsIndex(path);
      await index.close();
      const tensors = index.tensors.map((t) => ({ ...tensorInfo(t), shard: t.shard }));
      return { format, tensors, metadata: { ...index.metadata }, shards: [...index.shards] };
    }
    case 'npy': {
      const npy = await openNpy(path);
      await npy.close();
      return { format, tensors: [{ name: basename(path).replace(/\.npy$/, ''), dtype: npy.dtype, shape: npy.shape }] };
    }
    case 'npz': {
      const npz = await openNpz(path);
      try {
        const tensors: TensorInfo[] = [];
        for (const name of npz.names) tensors.push(tensorInfo(await npz.describe(name)));
        return { format, tensors };
      } finally {
        await npz.close();
      }
    }
    case 'onnx':
      return { format, ...summarizeOnnxModel(await loadOnnxModel(path)) };
    case 'pickle':
      throw new FormatError('pickle', path, PICKLE_REFUSAL);
    case 'unknown':
      throw new FormatError('unsupported', path, 'unrecognised format: not safetensors, a safetensors index, .npy, .npz or ONNX');
  }
}

function tensorInfo({ name, dtype, shape }: TensorInfo): TensorInfo {
  return { name, dtype, shape: [...shape] };
}

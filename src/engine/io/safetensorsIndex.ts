import { dirname, join } from 'node:path';
import { FormatError } from './errors';
import { readExactly, withOpenFile } from './fileAccess';
import { openSafetensors, type SafetensorsFile } from './safetensors';
import { isPlainObject, MAX_HEADER_BYTES } from './safetensorsHeader';
import type { ReadOptions, Tensor, TensorInfo } from './tensor';
import type { TensorReader } from './tensorReader';

export interface ShardedTensorInfo extends TensorInfo {
  /** Path of the shard file that holds the tensor. */
  shard: string;
}

export interface ShardedSafetensors extends TensorReader {
  readonly tensors: readonly ShardedTensorInfo[];
  /** The index's own "metadata" object (e.g. total_size), as written. */
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly shards: readonly string[];
  info(name: string): ShardedTensorInfo;
}

/**
 * Opens a sharded model through its `*.safetensors.index.json` ({"metadata": ..., "weight_map": {tensor: shardFile}}).
 * Every shard is opened and checked to hold the tensors mapped to it, so a broken model fails here rather than mid-read.
 */
export async function openSafetensorsIndex(indexPath: string): Promise<ShardedSafetensors> {
  const { weightMap, metadata } = await readIndex(indexPath);
  const shards = new Map<string, SafetensorsFile>();
  try {
    for (const shardName of new Set(Object.values(weightMap))) {
      shards.set(shardName, await openShard(indexPath, shardName));
    }
    const located = Object.entries(weightMap).map(([name, shardName]) => {
      const shard = shards.get(shardName)!;
      const entry = shard.tensors.find((t) => t.name === name);
      if (!entry) {
        throw new FormatError('not-found', indexPath, `tensor ${JSON.stringify(name)} is mapped to shard ${shardName}, which does not contain it`);
      }
      return { info: { name, dtype: entry.dtype, shape: entry.shape, shard: shard.file }, shard };
    });
    return new ShardedReader(indexPath, located, metadata, [...shards.values()]);
  } catch (err) {
    await Promise.all([...shards.values()].map((s) => s.close()));
    throw err;
  }
}

async function readIndex(indexPath: string): Promise<{ weightMap: Record<string, string>; metadata: Record<string, unknown> }> {
  const bytes = await withOpenFile(indexPath, async (file) => {
    if (file.size > MAX_HEADER_BYTES) {
      throw new FormatError('header-too-large', indexPath, `index is ${file.size} bytes, over the ${MAX_HEADER_BYTES}-byte limit`);
    }
    return readExactly(file, 0, file.size);
  });
  let index: unknown;
  try {
    index = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new FormatError('bad-json', indexPath, `index is not valid UTF-8 JSON (${(err as Error).message})`);
  }
  if (!isPlainObject(index) || !isPlainObject(index.weight_map)) {
    throw new FormatError('bad-header', indexPath, 'index must be a JSON object with a "weight_map" object');
  }
  const weightMap = index.weight_map;
  for (const [name, shard] of Object.entries(weightMap)) {
    if (typeof shard !== 'string') {
      throw new FormatError('bad-header', indexPath, `weight_map entry ${JSON.stringify(name)} must name a shard file`);
    }
  }
  const metadata = index.metadata ?? {};
  if (!isPlainObject(metadata)) throw new FormatError('bad-header', indexPath, '"metadata" must be an object');
  return { weightMap: weightMap as Record<string, string>, metadata };
}

async function openShard(indexPath: string, shardName: string): Promise<SafetensorsFile> {
  try {
    return await openSafetensors(join(dirname(indexPath), shardName));
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    throw new FormatError(err.code, indexPath, `shard ${err.message}`);
  }
}

interface LocatedTensor {
  info: ShardedTensorInfo;
  shard: SafetensorsFile;
}

class ShardedReader implements ShardedSafetensors {
  readonly tensors: readonly ShardedTensorInfo[];
  private readonly byName: ReadonlyMap<string, LocatedTensor>;

  constructor(
    readonly file: string,
    located: readonly LocatedTensor[],
    readonly metadata: Readonly<Record<string, unknown>>,
    private readonly openShards: readonly SafetensorsFile[],
  ) {
    this.tensors = located.map((t) => t.info);
    this.byName = new Map(located.map((t) => [t.info.name, t]));
  }

  get shards(): string[] {
    return this.openShards.map((s) => s.file);
  }

  info(name: string): ShardedTensorInfo {
    return this.locate(name).info;
  }

  async read(name: string, options?: ReadOptions): Promise<Tensor> {
    return this.locate(name).shard.read(name, options);
  }

  async readRows(name: string, start: number, end: number, options?: ReadOptions): Promise<Tensor> {
    return this.locate(name).shard.readRows(name, start, end, options);
  }

  async close(): Promise<void> {
    await Promise.all(this.openShards.map((s) => s.close()));
  }

  private locate(name: string): LocatedTensor {
    const located = this.byName.get(name);
    if (!located) throw new FormatError('not-found', this.file, `no tensor named ${JSON.stringify(name)} in the weight_map`);
    return located;
  }
}

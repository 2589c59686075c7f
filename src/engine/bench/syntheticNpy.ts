import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWrite } from '../io/atomicWrite';
import { encodeNpyHeader } from '../io/npyHeader';
import { Rng } from '../util/random';

const CHUNK_BYTES = 16 * 2 ** 20;

/**
 * A float32 .npy of `rows` × `dIn` seeded standard normals in `dir`, written once and reused while it has the
 * right size. It is generated and written a chunk at a time, so files larger than memory can be made.
 */
export async function syntheticNpy(dir: string, rows: number, dIn: number, seed: number, log: (line: string) => void): Promise<string> {
  const path = join(dir, `normal-f32-${rows}x${dIn}-seed${seed}.npy`);
  const header = encodeNpyHeader('F32', [rows, dIn])!;
  const bytes = header.length + rows * dIn * 4;
  if ((await stat(path).catch(() => undefined))?.size === bytes) return path;
  await mkdir(dir, { recursive: true });
  log(`writing ${(bytes / 2 ** 30).toFixed(2)} GiB of synthetic activations to ${path} (once; later runs reuse it)`);
  await atomicWrite(path, chunks(header, rows, dIn, seed));
  return path;
}

function* chunks(header: Uint8Array, rows: number, dIn: number, seed: number): Generator<Uint8Array> {
  yield header;
  const rng = new Rng(seed);
  const chunkRows = Math.max(1, Math.floor(CHUNK_BYTES / (4 * dIn)));
  const chunk = new Float32Array(chunkRows * dIn);
  for (let row = 0; row < rows; row += chunkRows) {
    const n = Math.min(chunkRows, rows - row);
    // The buffer is reused: atomicWrite finishes writing each chunk before asking for the next.
    yield new Uint8Array(rng.fillNormal(chunk.subarray(0, n * dIn)).buffer, 0, n * dIn * 4);
  }
}

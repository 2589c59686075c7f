import { atomicWrite } from './atomicWrite';
import { FormatError } from './errors';
import { METADATA_KEY } from './safetensorsHeader';
import type { Tensor } from './tensor';
import { tensorBytes } from './tensorBytes';

/** safetensors aligns the data section to 8 bytes by padding the header JSON with spaces. */
const ALIGNMENT = 8;

/**
 * Writes `tensors` (and string `metadata`) as a .safetensors file, atomically.
 * Tensors are laid out sorted by name so the same input always gives the same bytes.
 */
export async function writeSafetensors(
  path: string,
  tensors: Record<string, Tensor>,
  metadata: Record<string, string> = {},
): Promise<void> {
  if (!Object.values(metadata).every((v) => typeof v === 'string')) {
    throw new FormatError('bad-header', path, `${METADATA_KEY} values must be strings`);
  }
  const header: [string, unknown][] = Object.keys(metadata).length > 0 ? [[METADATA_KEY, metadata]] : [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const name of Object.keys(tensors).sort()) {
    if (name === METADATA_KEY) throw new FormatError('bad-header', path, `${METADATA_KEY} is reserved and cannot name a tensor`);
    const { dtype, shape } = tensors[name];
    const bytes = tensorBytes(path, `tensor ${JSON.stringify(name)}`, tensors[name]);
    header.push([name, { dtype, shape, data_offsets: [offset, offset + bytes.length] }]);
    chunks.push(bytes);
    offset += bytes.length;
  }
  const headerBytes = paddedJson(Object.fromEntries(header));
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  await atomicWrite(path, [prefix, headerBytes, ...chunks]);
}

function paddedJson(value: unknown): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(value));
  const padded = new Uint8Array(Math.ceil(json.length / ALIGNMENT) * ALIGNMENT).fill(0x20);
  padded.set(json);
  return padded;
}

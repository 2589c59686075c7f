import { FormatError } from './errors';
import { readExactly, withOpenFile, type OpenFile } from './fileAccess';
import { isNpyMagic } from './npyHeader';
import { isPlainObject, MAX_HEADER_BYTES } from './safetensorsHeader';
import { openZip } from './zipArchive';

export type FileFormat = 'safetensors' | 'safetensors-index' | 'npy' | 'npz' | 'onnx' | 'pickle' | 'unknown';

const SNIFF_BYTES = 16;
const PICKLE_PROTO = 0x80;
const MAX_PICKLE_PROTOCOL = 5;

/** Identifies a file by its content (magic bytes and structure), never by its extension. */
export async function sniffFormat(path: string): Promise<FileFormat> {
  return withOpenFile(path, async (file) => {
    const head = await readExactly(file, 0, Math.min(file.size, SNIFF_BYTES));
    if (isNpyMagic(head)) return 'npy';
    if (isZip(head)) return sniffZip(path);
    if (looksLikeSafetensors(head, file.size)) return 'safetensors';
    if (head[0] === PICKLE_PROTO && head[1] >= 2 && head[1] <= MAX_PICKLE_PROTOCOL) return 'pickle';
    if (await isSafetensorsIndex(file, head)) return 'safetensors-index';
    if (looksLikeOnnx(head)) return 'onnx';
    return 'unknown';
  });
}

function isZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6);
}

/** torch.save writes a zip whose pickle lives in <name>/data.pkl; numpy's .npz holds only .npy entries. */
async function sniffZip(path: string): Promise<FileFormat> {
  let names: string[];
  try {
    const zip = await openZip(path);
    names = zip.entries.map((e) => e.name);
    await zip.close();
  } catch (err) {
    if (err instanceof FormatError) return 'unknown';
    throw err;
  }
  if (names.some((n) => n === 'data.pkl' || n.endsWith('/data.pkl'))) return 'pickle';
  return names.length > 0 && names.every((n) => n.endsWith('.npy')) ? 'npz' : 'unknown';
}

function looksLikeSafetensors(head: Uint8Array, size: number): boolean {
  if (head.length < 9) return false;
  const headerLength = new DataView(head.buffer, head.byteOffset).getBigUint64(0, true);
  return headerLength <= BigInt(Math.min(MAX_HEADER_BYTES, size - 8)) && head[8] === 0x7b; // '{'
}

async function isSafetensorsIndex(file: OpenFile, head: Uint8Array): Promise<boolean> {
  const first = new TextDecoder().decode(head).trimStart()[0];
  if (first !== '{' || file.size > MAX_HEADER_BYTES) return false;
  try {
    const json: unknown = JSON.parse(new TextDecoder().decode(await readExactly(file, 0, file.size)));
    return isPlainObject(json) && isPlainObject(json.weight_map);
  } catch {
    return false;
  }
}

/**
 * Protobuf writers emit fields in number order, so an ONNX file opens with ir_version (field 1, a small varint)
 * followed by one of fields 2-7 (producer_name ... graph; graph is required, so one of them is present).
 */
function looksLikeOnnx(head: Uint8Array): boolean {
  if (head.length < 3 || head[0] !== 0x08 || head[1] === 0 || head[1] > 0x7f) return false;
  const field = head[2] >>> 3;
  const wireType = head[2] & 7;
  return field >= 2 && field <= 7 && wireType === (field === 5 ? 0 : 2);
}

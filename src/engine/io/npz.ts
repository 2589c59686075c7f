import { zipSync } from 'fflate';
import { atomicWrite } from './atomicWrite';
import { FormatError } from './errors';
import { decodeNpy, encodeNpy } from './npy';
import { NPY_PREAMBLE_BYTES, parseNpyHeader, parseNpyPreamble, type NpyHeader } from './npyHeader';
import type { ReadOptions, Tensor, TensorInfo } from './tensor';
import { openZip, type ZipArchive, type ZipEntry } from './zipArchive';

const NPY_SUFFIX = '.npy';
/** fflate writes no Zip64 records, so offsets and sizes must fit in 32 bits. */
const MAX_ARCHIVE_BYTES = 0xffffffff;

/** An open .npz archive; arrays are named as numpy names them, by entry name without ".npy". */
export interface NpzArchive {
  readonly file: string;
  readonly names: readonly string[];
  /** The array's dtype and shape, inflating only its header. */
  describe(name: string): Promise<TensorInfo & { fortranOrder: boolean }>;
  /** Reads one array, inflating only its entry. */
  read(name: string, options?: ReadOptions): Promise<Tensor>;
  close(): Promise<void>;
}

export async function openNpz(path: string): Promise<NpzArchive> {
  return new NpzReader(await openZip(path));
}

export async function readNpz(path: string, options?: ReadOptions): Promise<Record<string, Tensor>> {
  const npz = await openNpz(path);
  try {
    const arrays: [string, Tensor][] = [];
    for (const name of npz.names) arrays.push([name, await npz.read(name, options)]);
    return Object.fromEntries(arrays);
  } finally {
    await npz.close();
  }
}

/** Writes `arrays` as an .npz archive, atomically; `compress` deflates entries as np.savez_compressed does. */
export async function writeNpz(path: string, arrays: Record<string, Tensor>, options: { compress?: boolean } = {}): Promise<void> {
  const level = options.compress ? 6 : 0;
  const entries: [string, [Uint8Array, { level: 0 | 6 }]][] = [];
  let total = 0;
  for (const [name, array] of Object.entries(arrays)) {
    const bytes = encodeNpy(`${path}:${name}${NPY_SUFFIX}`, array);
    total += bytes.length;
    if (total > MAX_ARCHIVE_BYTES) {
      throw new FormatError('unsupported', path, 'arrays over 4 GiB in total need Zip64, which the .npz writer does not produce; use safetensors');
    }
    entries.push([name + NPY_SUFFIX, [bytes, { level }]]);
  }
  await atomicWrite(path, [zipSync(Object.fromEntries(entries))]);
}

class NpzReader implements NpzArchive {
  private readonly byName: ReadonlyMap<string, ZipEntry>;

  constructor(private readonly zip: ZipArchive) {
    const npyEntries = zip.entries.filter((e) => e.name.endsWith(NPY_SUFFIX));
    this.byName = new Map(npyEntries.map((e) => [e.name.slice(0, -NPY_SUFFIX.length), e]));
  }

  get file(): string {
    return this.zip.file;
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  async describe(name: string): Promise<TensorInfo & { fortranOrder: boolean }> {
    const { dtype, shape, fortranOrder } = await this.header(name);
    return { name, dtype, shape, fortranOrder };
  }

  async read(name: string, options?: ReadOptions): Promise<Tensor> {
    const entry = this.entry(name);
    return decodeNpy(`${this.file}:${entry.name}`, await this.zip.read(entry), options);
  }

  async close(): Promise<void> {
    await this.zip.close();
  }

  private async header(name: string): Promise<NpyHeader> {
    const entry = this.entry(name);
    const label = `${this.file}:${entry.name}`;
    const preamble = await this.zip.readPrefix(entry, NPY_PREAMBLE_BYTES);
    const { dataOffset } = parseNpyPreamble(label, preamble);
    return parseNpyHeader(label, await this.zip.readPrefix(entry, dataOffset));
  }

  private entry(name: string): ZipEntry {
    const entry = this.byName.get(name);
    if (!entry) throw new FormatError('not-found', this.file, `no array named ${JSON.stringify(name)}`);
    return entry;
  }
}

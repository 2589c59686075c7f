import { runPartInChild } from './childPart';
import { fileMemory, FileMemoryFigures } from './fileMemory';
import type { Skipped } from './torchReference';

export type FileMemoryReport = (FileMemoryFigures & { targetMb: number }) | Skipped;

/** The name `saescope bench` knows this part by when it is started to run it alone. */
export const FILE_MEMORY_PART = 'fileMemory';

/** 4 GiB of float32 rows of d_in 768; a narrower SAE than (c), so a good part of the file streams by in the budget. */
const FULL = { dIn: 768, dSae: 4096, k: 64, batch: 4096, rows: Math.floor((4 * 2 ** 30) / (768 * 4)), budgetS: 120 };
const QUICK = { dIn: 64, dSae: 256, k: 8, batch: 512, rows: 8192, budgetS: 30 };
const TARGET_MB = 2048;

/** (e) measured in this process: only for a process started to run this part alone. */
export async function fileMemoryHere(quick: boolean, threads: number, log: (line: string) => void): Promise<FileMemoryReport> {
  return { ...(await fileMemory({ ...(quick ? QUICK : FULL), threads }, log)), targetMb: TARGET_MB };
}

/** (e) Peak RSS is process-wide, so the parts before must not count: the training runs in a fresh process. */
export async function fileMemoryInChild(quick: boolean, log: (line: string) => void): Promise<FileMemoryReport> {
  let report: { fileMemory?: FileMemoryReport };
  try {
    report = (await runPartInChild(FILE_MEMORY_PART, quick, log)) as typeof report;
  } catch (err) {
    const skipped = { skipped: err instanceof Error ? err.message : String(err) };
    log(`(e) peak RSS training from a .npy file: skipped, ${skipped.skipped}`);
    return skipped;
  }
  const m = report.fileMemory;
  if (!m || 'skipped' in m || typeof m.peakRssMb !== 'number') throw new Error(`the bench process for ${FILE_MEMORY_PART} reported no peak RSS`);
  log(`(e) peak RSS training TopK d_sae ${m.dSae}, k ${m.k}, batch ${m.batch} from a ${fileSize(m.fileMb)} .npy of d_in ${m.dIn} ` +
    `(shuffle buffer ${m.bufferRows} rows, chunks of ${m.chunkRows} rows, at most ${m.sourceMb.toFixed(0)} MB held by the source): ` +
    `${m.peakRssMb.toFixed(0)} MB (target < ${m.targetMb} MB); ` +
    `${m.steps} steps in ${m.seconds.toFixed(0)} s streamed ${(100 * m.fractionTrained).toFixed(0)}% of the file`);
  return m;
}

const fileSize = (mb: number) => (mb >= 1024 ? `${(mb / 1024).toFixed(2)} GiB` : `${mb.toFixed(1)} MiB`);

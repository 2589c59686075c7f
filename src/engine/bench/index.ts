import * as ort from 'onnxruntime-node';
import * as os from 'node:os';
import { childPart } from './childPart';
import { FILE_MEMORY_PART, fileMemoryHere, fileMemoryInChild, FileMemoryReport } from './fileMemoryPart';
import { matmulPeak } from './matmulPeak';
import { reluSaeStep, SaeStepFigures, FLOPS_PER_ROW } from './reluSaeStep';
import { topkComparison, TopKComparison } from './topkComparison';
import { toyGeneratorThroughput, ToyGeneratorFigures } from './toyGenerator';
import { l0SweepBench, L0SweepBenchReport } from './l0Sweep';
import { scalingFitsBench, ScalingFitsFigure } from './scalingFits';
import { sgldDrawsBench, SgldDrawsFigure } from './sgldDraws';

export interface BenchOptions {
  /** Smaller sizes and fewer repeats: a smoke run, not figures to report. */
  quick?: boolean;
  log?: (line: string) => void;
}

/** Every figure; only a process started to run one part alone reports that part without the others. */
export interface BenchReport extends Partial<TopKComparison> {
  machine: { cpus: number; cpuModel: string; onnxruntime: string };
  matmulPeak?: { n: number; ms: number; gflops: number };
  reluSaeStep?: (SaeStepFigures & { fractionOfPeak: number })[];
  fileMemory?: FileMemoryReport;
  toyGenerator?: ToyGeneratorFigures;
  l0Sweep?: L0SweepBenchReport;
  scalingFits?: ScalingFitsFigure[];
  sgldDraws?: SgldDrawsFigure[];
}

/** The engine's figures on this machine, printed through `log` as they come and returned as one report. */
export async function runBench(opts: BenchOptions = {}): Promise<BenchReport> {
  const log = opts.log ?? (() => {});
  const quick = opts.quick ?? false;
  // Ours and the PyTorch reference both use every CPU the OS reports.
  const threads = os.cpus().length;
  const machine = { cpus: threads, cpuModel: os.cpus()[0]?.model ?? 'unknown', onnxruntime: ort.env.versions.node ?? 'unknown' };
  const alone = childPart();
  if (alone === FILE_MEMORY_PART) return { machine, fileMemory: await fileMemoryHere(quick, threads, log) };
  if (alone) throw new Error(`no bench part named ${alone}`);
  log(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), onnxruntime-node ${machine.onnxruntime}`);

  const peak = await matmulPeak(quick ? 1024 : 4096, quick ? 2 : 5);
  log(`(a) ORT MatMul ${peak.n}³ (practical peak): ${peak.ms.toFixed(1)} ms, ${peak.gflops.toFixed(1)} GFLOP/s`);

  const sizes: [number, number, number, number][] = quick ? [[64, 256, 128, 2]] : [[512, 4096, 1024, 10], [768, 16384, 4096, 3]];
  const steps = [];
  for (const [dIn, dSae, batch, repeats] of sizes) {
    const s = await reluSaeStep(dIn, dSae, batch, repeats);
    const fractionOfPeak = s.gflops / peak.gflops;
    steps.push({ ...s, fractionOfPeak });
    log(`(b) ReLU-SAE Adam step d_in ${dIn}, d_sae ${dSae}, batch ${batch}: ${s.ms.toFixed(1)} ms, ` +
      `${s.gflops.toFixed(1)} GFLOP/s (${FLOPS_PER_ROW}·B·d_in·d_sae FLOPs), fraction of (a): ${fractionOfPeak.toFixed(3)}`);
  }

  const toyGenerator = toyGeneratorThroughput('toy:large', quick ? 8192 : 1 << 20);
  log(`(f) toy generator toy:large: ${Math.round(toyGenerator.samplesPerSecond).toLocaleString('en')} samples/s (${toyGenerator.samples} samples)`);

  const l0Sweep = await l0SweepBench({ quick, log });
  const scalingFits = await scalingFitsBench({ quick, log });
  const sgldDraws = await sgldDrawsBench({ quick, log });

  const topk = await topkComparison(quick, threads, log);
  const fileMemory = await fileMemoryInChild(quick, log);
  return { machine, matmulPeak: peak, reluSaeStep: steps, toyGenerator, l0Sweep, scalingFits, sgldDraws, ...topk, fileMemory };
}

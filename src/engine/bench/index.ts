import * as ort from 'onnxruntime-node';
import * as os from 'node:os';
import { matmulPeak } from './matmulPeak';
import { reluSaeStep, SaeStepFigures, FLOPS_PER_ROW } from './reluSaeStep';

export interface BenchOptions {
  /** Smaller sizes and fewer repeats: a smoke run, not figures to report. */
  quick?: boolean;
  log?: (line: string) => void;
}

export interface BenchReport {
  machine: { cpus: number; cpuModel: string; onnxruntime: string };
  matmulPeak: { n: number; ms: number; gflops: number };
  reluSaeStep: (SaeStepFigures & { fractionOfPeak: number })[];
}

/** The foundation's figures: ORT's MatMul peak and a ReLU-SAE Adam step against it. */
export async function runBench(opts: BenchOptions = {}): Promise<BenchReport> {
  const log = opts.log ?? (() => {});
  const quick = opts.quick ?? false;
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', onnxruntime: ort.env.versions.node ?? 'unknown' };
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
  return { machine, matmulPeak: peak, reluSaeStep: steps };
}

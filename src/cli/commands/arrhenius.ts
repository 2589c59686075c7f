import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { progressLog } from '../progressLog';
import { CHECKPOINT_SAMPLER_OPTIONS, FREE_ENERGY_OPTIONS, GROKKING_EVENT_OPTIONS, checkpointSamplerSettings, freeEnergySign, grokkingEventOptions } from './llcRun';

type Option = 'runs' | keyof typeof CHECKPOINT_SAMPLER_OPTIONS | keyof typeof GROKKING_EVENT_OPTIONS | keyof typeof FREE_ENERGY_OPTIONS;

export const arrheniusCommand: CliCommand<never, 'json', Option> = {
  name: 'arrhenius',
  summary: "Paper 2's Arrhenius test on grokking runs: per run the memorise → generalise gap r = j − i (checkpoints), λ̂ and L_n at i and j, ΔF = ln n·Δλ̂ + n·ΔL, and the OLS fit of ΔF on ln r",
  args: {
    positionals: [],
    flags: { json: 'print the result as JSON (progress goes to stderr)' },
    options: {
      runs: "grokking run folders ('saescope toy grokking --out <dir> --checkpoint-every 100'), comma-separated",
      ...CHECKPOINT_SAMPLER_OPTIONS,
      ...GROKKING_EVENT_OPTIONS,
      ...FREE_ENERGY_OPTIONS,
    },
  },
  async run({ flags, options }) {
    const { arrheniusTest } = await import('../../engine/diagnostics/stages/arrheniusTest');
    if (!options.runs) throw new UsageError('--runs needs one or more grokking run folders, comma-separated');
    const dirs = options.runs.split(',').map((d) => d.trim()).filter((d) => d.length > 0);
    const log = progressLog(flags.json);
    const report = await arrheniusTest(dirs, {
      sgld: checkpointSamplerSettings(options),
      sign: freeEnergySign(options.sign),
      grokking: grokkingEventOptions(options),
      onRun: (r, done, total) => log(`run ${done}/${total} ${r.run}: ${r.kept ? `r = ${r.gap}, ΔF ${r.deltaF === null ? 'failed' : g(r.deltaF)}` : `discarded (${r.reason})`}`),
    });
    if (flags.json) {
      console.log(JSON.stringify(report, null, 2));
      return;
    }
    for (const r of report.runs) {
      const llc = (c: typeof r.memorisedLlc) => (c?.llc ? `λ̂ ${c.llc.mean.toFixed(3)} ± ${c.llc.std.toFixed(3)}, L ${g(c.loss)}` : c?.error ?? '-');
      console.log(`${r.run}: ${r.kept ? `i = step ${r.memorised!.step} (${llc(r.memorisedLlc)}), j = step ${r.generalised!.step} (${llc(r.generalisedLlc)}), r = ${r.gap}, ΔF ${r.deltaF === null ? '-' : g(r.deltaF)}` : `discarded: ${r.reason}`}`);
    }
    const f = report.fit;
    console.log(f
      ? `ΔF (${report.sign}) on ln r over ${f.points} runs: slope ${g(f.slope)}${f.slopeStandardError === null ? '' : ` ± ${g(f.slopeStandardError)}`}, intercept ${g(f.intercept)}, R² ${f.rSquared.toFixed(3)}`
      : `no fit: ${report.note}`);
  },
};

const g = (v: number): string => Number(v.toPrecision(4)).toString();

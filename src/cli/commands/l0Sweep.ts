import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { numberOption } from '../numbers';
import { progressLog } from '../progressLog';

const ARCHS = ['batchtopk', 'topk', 'jumprelu'] as const;

type Option = 'data' | 'arch' | 'width' | 'l0' | 'coefficients' | 'n' | 'steps' | 'batch' | 'lr' | 'seed' | 'eval-rows' | 'group-size';

export const l0SweepCommand: CliCommand<never, 'json', Option> = {
  name: 'l0-sweep',
  summary: "Sparse but Wrong's L0 diagnostic: train SAEs that differ only in L0, score their decoders, recommend an L0",
  args: {
    positionals: [],
    flags: { json: 'print the result as JSON (progress goes to stderr)' },
    options: {
      data: 'activation source: a .npy / .safetensors[#tensor] file or toy:<preset>?key=value… (default toy:large)',
      arch: `architecture: ${ARCHS.join(' | ')} (default batchtopk)`,
      width: 'd_sae (default: the number of true features of a toy, else 4·d_in)',
      l0: 'comma-separated k values for batchtopk/topk (default 5,7,9,10,11,12,13,14,15,16,18)',
      coefficients: 'comma-separated sparsity coefficients λ_s for jumprelu (default 0.05,0.07,0.09,0.1,0.3,0.5,0.75,1,1.2,1.3,1.4,1.5)',
      n: 'comma-separated n of the n-th decoder projection s_n^dec (default 12,18 and d_sae/2, those ≤ d_sae/2)',
      steps: 'training steps per SAE (default 4000)',
      batch: 'rows per step (default 1024)',
      lr: 'Adam learning rate (default 1e-3)',
      seed: 'seed of the initialisation, shared by all SAEs, and of the rows (default 0)',
      'eval-rows': 'held-out rows for the metrics (default 20480)',
      'group-size': 'batchtopk SAEs trained together; results appear group by group (default all)',
    },
  },
  async run({ flags, options }) {
    const arch = options.arch ?? 'batchtopk';
    if (!(ARCHS as readonly string[]).includes(arch)) throw new UsageError(`--arch must be one of ${ARCHS.join(', ')}, got '${arch}'`);
    const { runL0Sweep } = await import('../../engine/diagnostics/l0/sweep');
    const result = await runL0Sweep(
      {
        data: options.data,
        arch: arch as (typeof ARCHS)[number],
        width: options.width === undefined ? undefined : numberOption('width', options.width, 0, 'positive-integer'),
        l0s: numberList('l0', options.l0),
        coefficients: numberList('coefficients', options.coefficients),
        projectionNs: numberList('n', options.n),
        steps: numberOption('steps', options.steps, 4000, 'positive-integer'),
        batch: numberOption('batch', options.batch, 1024, 'positive-integer'),
        lr: numberOption('lr', options.lr, 1e-3, 'positive'),
        seed: numberOption('seed', options.seed, 0, 'integer'),
        evalRows: numberOption('eval-rows', options['eval-rows'], 20480, 'positive-integer'),
        groupSize: options['group-size'] === undefined ? undefined : numberOption('group-size', options['group-size'], 0, 'positive-integer'),
      },
      { log: progressLog(flags.json) },
    );
    if (flags.json) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    for (const line of table(result)) console.log(line);
  },
};

/** Comma-separated positive numbers, e.g. `--l0 5,7,9.5`. */
function numberList(name: string, value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => Number(s.trim()));
  if (items.some((n) => !Number.isFinite(n) || n <= 0)) throw new UsageError(`--${name} needs comma-separated positive numbers, got '${value}'`);
  return items;
}

type Result = Awaited<ReturnType<typeof import('../../engine/diagnostics/l0/sweep').runL0Sweep>>;

function table(r: Result): string[] {
  const ns = r.entries[0]?.projections.map((p) => p.n) ?? [];
  const truth = r.trueL0 !== undefined;
  const header = [r.arch === 'jumprelu' ? 'λ_s' : 'k', 'L0', 'c_dec', ...ns.map((n) => `s_${n}`), 'MSE', 'EV', 'dead', ...(truth ? ['MMCS', 'GT MSE'] : [])];
  const rows = r.entries.map((e, i) => [
    String(e.k ?? e.coefficient),
    e.l0.toFixed(2),
    e.cDec.toFixed(4),
    ...e.projections.map((p) => p.value.toFixed(4)),
    e.mse.toFixed(4),
    e.explainedVariance.toFixed(4),
    String(e.deadLatents),
    ...(truth ? [e.mmcs!.toFixed(3), e.groundTruthMse!.toFixed(4)] : []),
  ].map((cell, j) => (j === 2 && r.recommended?.index === i ? `${cell}*` : cell)));
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => c.padStart(widths[j])).join('  ');
  const out = [line(header), ...rows.map(line)];
  if (truth) out.push(`true L0 of the data: ${r.trueL0!.toFixed(4)}`);
  if (r.recommended) out.push(`recommended L0: ${r.recommended.l0.toFixed(2)} (* above) — ${r.recommended.description}`);
  if (r.cancelled) out.push('cancelled: only the SAEs above finished');
  out.push(`time: ${r.seconds.total.toFixed(1)} s (training ${r.seconds.training.toFixed(1)} s, evaluation ${r.seconds.evaluation.toFixed(1)} s)`);
  return out;
}

import { UsageError } from '../args';
import type { CliCommand } from '../command';
import { numberOption } from '../numbers';
import { progressLog } from '../progressLog';

type Option = 'data' | 'rows' | 'batch' | 'seed' | 'bins' | 'top' | 'threshold' | 'k' | 'c' | 'steps' | 'lr';

export const mixingCommand: CliCommand<'target', 'json', Option> = {
  name: 'mixing',
  summary: 'Feature mixing of an SAE (latent × feature cosines, pairwise decoder cosines, encoder/decoder asymmetry), or the small-toy mixing experiment for toy:small',
  args: {
    positionals: ['target'],
    flags: { json: 'print the result as JSON (progress goes to stderr)' },
    options: {
      data: 'SAE: activation source (default toy:large); ground-truth cosines when it is a toy',
      rows: 'SAE: rows used to find the latents that fire (default 16384; 0 = count every latent)',
      batch: 'rows per batch (SAE: default 1024; toy:small: training batch, default 1024)',
      seed: 'sample seed (default 1 for an SAE, 0 for toy:small)',
      bins: 'SAE: histogram bins of the pairwise cosines over [−1, 1] (default 40)',
      top: 'SAE: most-mixed pairs and most asymmetric latents to list (default 20)',
      threshold: 'SAE: |cos| from which a feature counts as mixed into a latent (default 0.05)',
      k: 'toy:small: BatchTopK k values, comma-separated (default 2,1.8)',
      c: "toy:small: values of the world's correlation c, comma-separated (default: the toy's own c)",
      steps: 'toy:small: training steps per SAE (default 3000)',
      lr: 'toy:small: learning rate (default 3e-4)',
    },
  },
  async run({ positionals, flags, options }) {
    const log = progressLog(flags.json);
    if (positionals.target.startsWith('toy:')) {
      const { runSmallToyMixing } = await import('../../engine/diagnostics/mixing');
      const result = await runSmallToyMixing({
        toy: positionals.target,
        k: numberList('k', options.k) ?? [2, 1.8],
        c: numberList('c', options.c),
        steps: numberOption('steps', options.steps, 3000, 'positive-integer'),
        batch: numberOption('batch', options.batch, 1024, 'positive-integer'),
        lr: numberOption('lr', options.lr, 3e-4, 'positive'),
        seed: numberOption('seed', options.seed, 0, 'integer'),
        onProgress: ({ c, k }, step, steps) => step === steps && log(`trained c ${c}, k ${k}`),
      });
      if (flags.json) console.log(JSON.stringify(result, null, 2));
      else {
        console.log(result.formula);
        console.log('     c      k      mix  mean cos(latent_i, f_i)');
        for (const r of result.runs) console.log(`${fixed(r.c, 2, 6)} ${fixed(r.k, 2, 6)} ${fixed(r.mix, 3, 8)} ${fixed(r.diagonal, 3, 8)}`);
      }
      return;
    }
    const { loadSae } = await import('../../engine/sae/formats/registry');
    const { openSource, DEFAULT_SOURCE } = await import('../../engine/sources');
    const { runMixing } = await import('../../engine/diagnostics/mixing');
    const sae = await loadSae(positionals.target);
    const data = options.data ?? DEFAULT_SOURCE;
    const { source, truth } = await openSource(data, { seed: numberOption('seed', options.seed, 1, 'integer'), shuffle: true, loop: true, expectDIn: sae.cfg.d_in });
    try {
      const result = await runMixing(sae, source, {
        truth: truth ? { features: truth.features, count: truth.nFeatures } : undefined,
        rows: count('rows', options.rows, 16384),
        batch: numberOption('batch', options.batch, 1024, 'positive-integer'),
        bins: numberOption('bins', options.bins, 40, 'positive-integer'),
        top: count('top', options.top, 20),
        mixThreshold: numberOption('threshold', options.threshold, 0.05, 'non-negative'),
        onProgress: log,
      });
      if (flags.json) console.log(JSON.stringify({ sae: positionals.target, data, ...result }, null, 2));
      else for (const line of mixingLines(result)) console.log(line);
    } finally {
      await source.close();
    }
  },
};

type MixingResult = Awaited<ReturnType<typeof import('../../engine/diagnostics/mixing').runMixing>>;

function mixingLines(r: MixingResult): string[] {
  const lines = [`d_in ${r.dIn}, d_sae ${r.dSae}; ${r.alive} latents fire on ${r.rows} rows`];
  if (r.groundTruth) {
    const gt = r.groundTruth;
    lines.push('', `decoder cosines with the ${gt.features} true features (rows: latents in display order)`);
    gt.decoder.cosines.forEach((row, i) => lines.push(`  latent ${String(gt.order[i]).padStart(5)}  ${row.map((c) => fixed(c, 2, 6)).join('')}`));
    lines.push('', 'features mixed into each latent (decoder | encoder)');
    gt.decoder.latents.forEach((m, i) => {
      const e = gt.encoder.latents[i];
      const list = (x: typeof m) => x.mixed.map((f) => `f${f.feature} ${fixed(f.cosine, 3, 0)}`).join(', ') || '—';
      lines.push(`  latent ${String(m.latent).padStart(5)} tracks f${m.feature} (${fixed(m.cosine, 3, 0)}): ${list(m)} | ${list(e)}`);
    });
  }
  const h = r.pairwise.histogram;
  lines.push('', `pairwise decoder cosines over ${h.pairs} pairs: mean ${fixed(h.mean, 4, 0)}, mean |cos| ${fixed(h.meanAbs, 4, 0)}`);
  h.counts.forEach((count, b) => count > 0 && lines.push(`  [${fixed(h.edges[b], 2, 5)}, ${fixed(h.edges[b + 1], 2, 5)})  ${count}`));
  lines.push('most-mixed pairs:', ...r.pairwise.top.map((p) => `  ${p.i} – ${p.j}  ${fixed(p.cosine, 4, 0)}`));
  lines.push('', `encoder/decoder asymmetry: mean cos(W_enc[:,i], W_dec[i,:]) ${fixed(r.asymmetry.meanEncDecCosine, 4, 0)}`);
  lines.push('most negative off-axis encoder components (absorption):');
  for (const a of r.asymmetry.mostNegative) lines.push(`  latent ${a.latent}: ${fixed(a.minComponent, 4, 0)} along latent ${a.minPartner}'s decoder (cos(enc, dec) ${fixed(a.encDecCosine, 3, 0)})`);
  return lines;
}

const fixed = (v: number, digits: number, width: number) => v.toFixed(digits).padStart(width);

/** A non-negative integer option (0 allowed). */
function count(name: string, value: string | undefined, fallback: number): number {
  const n = numberOption(name, value, fallback, 'integer');
  if (n < 0) throw new UsageError(`--${name} needs a non-negative integer, got '${value}'`);
  return n;
}

export function numberList(name: string, value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (items.some((n) => !Number.isFinite(n))) throw new UsageError(`--${name} needs comma-separated numbers, got '${value}'`);
  return items;
}

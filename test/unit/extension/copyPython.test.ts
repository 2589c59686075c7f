import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compareSnippet } from '../../../src/extension/copyPython/compareSnippet';
import { inspectorSnippet } from '../../../src/extension/copyPython/inspectorSnippet';
import { writeNpz } from '../../../src/engine/io/npz';
import type { JobContext } from '../../../src/engine/jobs/dispatcher';
import { createJobHandlers } from '../../../src/engine/jobs/handlers';
import { HUNGARIAN_LIMIT } from '../../../src/engine/jobs/matching';

const PYTHON = '/usr/bin/python3';
const run = promisify(execFile);

async function pythonHas(...modules: string[]): Promise<boolean> {
  return run(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')]).then(
    () => true,
    () => false,
  );
}

/** Runs a snippet, then `report` (Python printing one JSON line built from the snippet's variables). */
async function runSnippet(snippet: string, report: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(PYTHON, ['-c', `${snippet}\nimport json\nprint("REPORT " + json.dumps(${report}))`], { maxBuffer: 64 << 20 });
  const line = stdout.split('\n').find((l) => l.startsWith('REPORT '));
  assert.ok(line, `no report in:\n${stdout}`);
  return JSON.parse(line.slice('REPORT '.length)) as Record<string, unknown>;
}

describe('Copy as Python: the snippets', () => {
  it('inspector: a SAELens file reads W_dec with safetensors, offers SAELens, and computes the table and the page', () => {
    const text = inspectorSnippet({ weights: '/w/saes/topk/sae_weights.safetensors', format: 'saelens', latent: 7, hasDensity: true });
    assert.match(text, /^from safetensors\.numpy import load_file$/m);
    assert.match(text, /SAE\.load_from_disk\("\/w\/saes\/topk"\)/);
    assert.match(text, /^W_dec = load_decoder\("\/w\/saes\/topk\/sae_weights\.safetensors"\)/m);
    assert.match(text, /load_file\("\/w\/saes\/topk\/sparsity\.safetensors"\)\["sparsity"\]/);
    assert.match(text, /^latent = 7$/m);
    assert.match(text, /np\.argsort\(-np\.abs\(W_dec\[latent\]\), kind="stable"\)\[:16\]/);
    assert.match(text, /\[:10\]/);
  });

  it('inspector: Gemma Scope npz needs NumPy alone; Windows paths are escaped; no latent, no page; Llama Scope is noted', () => {
    const npz = inspectorSnippet({ weights: 'C:\\saes\\gemma\\params.npz', format: 'gemma-scope', latent: null, hasDensity: false });
    assert.doesNotMatch(npz, /safetensors\.numpy|load_file\(/);
    assert.match(npz, /tensors = np\.load\(path\)/);
    assert.ok(npz.includes('load_decoder("C:\\\\saes\\\\gemma\\\\params.npz")'));
    assert.doesNotMatch(npz, /^latent = /m);
    assert.doesNotMatch(npz, /sae_lens/);
    const llama = inspectorSnippet({ weights: '/l/checkpoints/final.safetensors', format: 'llama-scope', latent: 0, hasDensity: false });
    assert.match(llama, /dataset norm/);
  });

  it('compare: Hungarian through scipy, greedy without it, the threshold and both paths', () => {
    const hungarian = compareSnippet({ a: '/a/sae_weights.safetensors', b: '/b/params.npz', threshold: 0.7, method: 'hungarian' });
    assert.match(hungarian, /^from scipy\.optimize import linear_sum_assignment$/m);
    assert.match(hungarian, /linear_sum_assignment\(A @ B\.T, maximize=True\)/);
    assert.match(hungarian, /np\.load\(path\) if path\.endswith\("\.npz"\) else load_file\(path\)/);
    assert.match(hungarian, /^threshold = 0\.7$/m);
    assert.match(hungarian, /^A = unit_rows\(load_decoder\("\/a\/sae_weights\.safetensors"\)\)$/m);
    const greedy = compareSnippet({ a: '/a/params.npz', b: '/b/params.npz', threshold: 0.5, method: 'greedy' });
    assert.doesNotMatch(greedy, /scipy|safetensors/);
    assert.match(greedy, /take = min\(8, len\(B\)\)/);
  });
});

describe('Copy as Python: the NumPy snippets give the engine’s numbers', function () {
  this.timeout(120_000);
  const handlers = createJobHandlers({ threads: 1, executionProvider: 'cpu' });
  const context = (): JobContext => ({ signal: new AbortController().signal, progress: () => {} });
  let tmp: string;
  let fileA: string;
  let fileB: string;
  const dIn = 8;
  const dSae = HUNGARIAN_LIMIT + 76; // wide enough that Compare matches greedily, as the NumPy-only snippet does

  before(async function () {
    if (!(await pythonHas('numpy'))) this.skip();
    tmp = await mkdtemp(join(tmpdir(), 'saescope-copy-python-'));
    // Gemma Scope layout (params.npz), which NumPy reads without safetensors. B is A's rows in another order, perturbed.
    const decoderA = Float32Array.from({ length: dSae * dIn }, (_, i) => Math.sin(i * 1.618 + Math.cos(i * 0.37)));
    decoderA.fill(0, 5 * dIn, 6 * dIn); // latent 5 has no direction
    const decoderB = new Float32Array(dSae * dIn);
    for (let r = 0; r < dSae; r++) {
      const from = (r * 389) % dSae;
      for (let c = 0; c < dIn; c++) decoderB[r * dIn + c] = decoderA[from * dIn + c] + 0.3 * Math.sin(r * 7.1 + c);
    }
    const sae = (W_dec: Float32Array) => ({
      W_dec: { dtype: 'F32' as const, shape: [dSae, dIn], data: W_dec },
      W_enc: { dtype: 'F32' as const, shape: [dIn, dSae], data: new Float32Array(dSae * dIn).fill(0.1) },
      b_enc: { dtype: 'F32' as const, shape: [dSae], data: new Float32Array(dSae) },
      b_dec: { dtype: 'F32' as const, shape: [dIn], data: new Float32Array(dIn) },
      threshold: { dtype: 'F32' as const, shape: [dSae], data: new Float32Array(dSae) },
    });
    fileA = join(tmp, 'a', 'params.npz');
    fileB = join(tmp, 'b', 'params.npz');
    await import('node:fs/promises').then((fs) => Promise.all([fs.mkdir(join(tmp, 'a')), fs.mkdir(join(tmp, 'b'))]));
    await writeNpz(fileA, sae(decoderA));
    await writeNpz(fileB, sae(decoderB));
  });
  after(() => tmp && rm(tmp, { recursive: true, force: true }));

  it('inspector: decoder norms, nearest latents and their cosines, top decoder dimensions and neighbours', async () => {
    const overview = await handlers.inspectSae({ kind: 'inspectSae', id: 1, path: fileA }, context());
    await handlers.nearestLatents({ kind: 'nearestLatents', id: 2, handle: overview.handle }, context());
    const query = { offset: 0, limit: 1000, sortBy: 'index' as const, descending: false, search: '' };
    const rows = [
      ...(await handlers.latentRows({ kind: 'latentRows', id: 3, handle: overview.handle, query }, context())).rows,
      ...(await handlers.latentRows({ kind: 'latentRows', id: 4, handle: overview.handle, query: { ...query, offset: 1000 } }, context())).rows,
    ];
    const latent = 1037;
    const page = await handlers.latentPage({ kind: 'latentPage', id: 5, handle: overview.handle, latent }, context());
    const snippet = inspectorSnippet({ weights: fileA, format: overview.format, latent, hasDensity: overview.hasDensity });
    const py = await runSnippet(
      snippet,
      '{"norm": decoder_norm.tolist(), "nearest": nearest.tolist(), "cos": nearest_cos.tolist(), "top": top_dims.tolist(), "neighbours": neighbours.tolist(), "neighbour_cos": row_cos[neighbours].tolist()}',
    );
    assert.equal(rows.length, dSae);
    const norms = py.norm as number[];
    const nearest = py.nearest as number[];
    const cosines = py.cos as number[];
    let nearestAgree = 0;
    rows.forEach((row, i) => {
      assert.ok(Math.abs(row.decoderNorm - norms[i]) <= 1e-6 * Math.max(1, norms[i]), `norm of ${i}: ${row.decoderNorm} vs ${norms[i]}`);
      assert.ok(Math.abs((row.nearestCosine ?? NaN) - cosines[i]) < 1e-5, `nearest cosine of ${i}: ${row.nearestCosine} vs ${cosines[i]}`);
      if (row.nearest === nearest[i]) nearestAgree++;
    });
    // The engine works in float32 through ORT: a latent whose two best cosines agree to 1e-6 may pick either.
    assert.ok(nearestAgree >= dSae - 3, `nearest latent agrees for ${nearestAgree} of ${dSae}`);
    assert.deepEqual(py.top, page.topDims.map((t) => t.dim));
    assert.deepEqual(py.neighbours, page.neighbours.map((n) => n.latent));
    (py.neighbour_cos as number[]).forEach((c, k) => assert.ok(Math.abs(c - page.neighbours[k].cosine) < 1e-9));
  });

  it('compare: greedy matching gives the panel’s shared count, mean cosine and best pairs', async () => {
    const result = await handlers.compareSaes({ kind: 'compareSaes', id: 6, a: fileA, b: fileB, threshold: 0.7, data: '', rows: 1 }, context());
    assert.equal(result.method, 'greedy');
    const py = await runSnippet(
      compareSnippet({ a: fileA, b: fileB, threshold: result.threshold, method: result.method }),
      '{"shared": shared, "mean": float(matched.mean()), "pairs": [[int(a_idx[k]), int(b_idx[k]), float(matched[k])] for k in order[:50]]}',
    );
    assert.equal(py.shared, result.shared);
    assert.ok(Math.abs((py.mean as number) - result.meanCosine) < 1e-5, `${py.mean} vs ${result.meanCosine}`);
    const pairs = py.pairs as [number, number, number][];
    pairs.forEach(([a, b, cosine], k) => {
      assert.deepEqual([a, b], [result.pairs[k].a, result.pairs[k].b], `pair ${k}`);
      assert.ok(Math.abs(cosine - result.pairs[k].cosine) < 1e-5);
    });
  });

  it('compare: Hungarian through scipy on SAELens files gives the panel’s pairs (where scipy and safetensors are installed)', async function () {
    if (!(await pythonHas('scipy', 'safetensors'))) this.skip();
    const a = 'test/fixtures/sae/saelens/standard/sae_weights.safetensors';
    const b = 'test/fixtures/sae/saelens/jumprelu/sae_weights.safetensors';
    const result = await handlers.compareSaes({ kind: 'compareSaes', id: 7, a, b, threshold: 0.7, data: '', rows: 1 }, context());
    const py = await runSnippet(compareSnippet({ a, b, threshold: 0.7, method: result.method }), '{"shared": shared, "mean": float(matched.mean())}');
    assert.equal(py.shared, result.shared);
    assert.ok(Math.abs((py.mean as number) - result.meanCosine) < 1e-5);
  });
});

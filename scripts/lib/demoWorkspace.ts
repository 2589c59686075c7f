import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { writeNpy } from '../../src/engine/io';
import { openSource } from '../../src/engine/sources';
import { repoRoot } from './paths';

/** The SAEs a demo workspace holds, trained by our CLI on the large toy world (a few seconds each). */
const saes: { folder: string; args: string[] }[] = [
  { folder: 'batchtopk-k11', args: ['--arch', 'batchtopk', '--k', '11', '--width', '50'] },
  { folder: 'topk-k11', args: ['--arch', 'topk', '--k', '11', '--width', '50'] },
  { folder: 'relu-l1', args: ['--arch', 'relu', '--l1', '1', '--width', '50'] },
];
const steps = '500';
const toyRows = 4096;

const readme = `# SAE Scope demo workspace

Made by \`npm start\` with the SAE Scope command-line tool, from the built-in toy world \`toy:large\`
(50 known features in 100 dimensions):

- \`saes/*/\`: sparse autoencoders in SAELens folders (\`cfg.json\`, \`sae_weights.safetensors\`):
${saes.map((sae) => `  - \`${sae.folder}\`: \`saescope train ${[...sae.args, '--steps', steps].join(' ')} --data toy:large\``).join('\n')}
- \`data/toy-large.npy\`: ${toyRows} rows of toy activations, float32 [${toyRows}, 100], usable as \`--data\`.
- \`load_sae.py\`: how the same folders load in SAELens.

Try the command palette (F1): every SAE Scope command starts with "SAE Scope:".
Delete this folder to have \`npm start\` make a fresh one.
`;

const loadSae = `from sae_lens import SAE

# Folders trained by SAE Scope are SAELens folders.
sae = SAE.load_from_disk("saes/batchtopk-k11")
print(sae.cfg)
`;

/**
 * Makes a workspace of toy data and trained SAEs at `dir` (which must not exist). It is built beside `dir` and
 * renamed into place, so an interrupted run leaves no half-made workspace.
 */
export async function createDemoWorkspace(dir: string, log: (line: string) => void = () => {}): Promise<void> {
  if (existsSync(dir)) throw new Error(`${dir} exists already`);
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(path.join(partial, 'data'), { recursive: true });
  await writeFile(path.join(partial, 'README.md'), readme);
  await writeFile(path.join(partial, 'load_sae.py'), loadSae);

  log(`writing data/toy-large.npy (${toyRows} toy activation rows)`);
  await writeToyActivations(path.join(partial, 'data', 'toy-large.npy'));

  const cli = path.join(repoRoot, 'dist', 'cli.js');
  for (const sae of saes) {
    log(`training saes/${sae.folder} (${steps} steps)`);
    const out = path.join(partial, 'saes', sae.folder);
    const args = [cli, 'train', ...sae.args, '--steps', steps, '--data', 'toy:large', '--eval-rows', '8192', '--out', out];
    try {
      await promisify(execFile)(process.execPath, args, { maxBuffer: 16 << 20 });
    } catch (e) {
      const { stderr } = e as { stderr?: string };
      throw new Error(`saescope train failed for ${sae.folder}: ${stderr || (e as Error).message}`);
    }
  }
  await rename(partial, dir);
}

/** Rows of the large toy world with a different sample seed than training's, as a float32 .npy. */
async function writeToyActivations(file: string): Promise<void> {
  const { source } = await openSource('toy:large', { seed: 1 });
  try {
    const data = new Float32Array(toyRows * source.dIn);
    await source.nextBatch(data);
    await writeNpy(file, { dtype: 'F32', shape: [toyRows, source.dIn], data });
  } finally {
    await source.close();
  }
}

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectSaeFormat, loadSae } from '../../../../src/engine/sae/formats';
import type { SaeBundle } from '../../../../src/engine/sae/bundle';
import { assertClose, SAE_FIXTURES } from './helpers';
import { decode, encode } from './reference';

/** What make_fixtures.py records per fixture; see its docstring. */
interface Expected {
  format: string;
  cfg: Record<string, unknown>;
  tensors: Record<string, { shape: number[]; sum: number; head: number[] }>;
  x: number[][];
  acts: number[][];
  recon: number[][];
}

const expected: Record<string, Expected> = JSON.parse(readFileSync(join(SAE_FIXTURES, 'expected.json'), 'utf8'));

function tensor(bundle: SaeBundle, name: string): { shape: number[]; data: Float32Array } {
  const { d_in, d_sae } = bundle.cfg;
  const core: Record<string, [number[], Float32Array]> = {
    W_enc: [[d_in, d_sae], bundle.W_enc],
    b_enc: [[d_sae], bundle.b_enc],
    W_dec: [[d_sae, d_in], bundle.W_dec],
    b_dec: [[d_in], bundle.b_dec],
  };
  if (core[name]) return { shape: core[name][0], data: core[name][1] };
  assert.ok(bundle.extras[name], `no extras.${name}`);
  return bundle.extras[name];
}

describe('sae/formats fixtures written by numpy (make_fixtures.py)', () => {
  for (const [path, want] of Object.entries(expected)) {
    describe(path, () => {
      const folder = join(SAE_FIXTURES, path);

      it(`is detected as ${want.format}`, async () => {
        assert.equal((await detectSaeFormat(folder)).format, want.format);
      });

      it('loads the config the format implies', async () => {
        const { cfg, source } = await loadSae(folder);
        assert.equal(source.format, want.format);
        for (const [key, value] of Object.entries(want.cfg)) assert.deepEqual(cfg[key as keyof typeof cfg], value, key);
      });

      it('loads every tensor in SAELens orientation with the expected values', async () => {
        const bundle = await loadSae(folder);
        for (const [name, { shape, sum, head }] of Object.entries(want.tensors)) {
          const { shape: gotShape, data } = tensor(bundle, name);
          assert.deepEqual(gotShape, shape, `${name} shape`);
          assert.deepEqual(Array.from(data.subarray(0, head.length)), head, `${name} head`);
          const total = data.reduce((a, b) => a + b, 0);
          assert.ok(Math.abs(total - sum) < 1e-4 * (1 + Math.abs(sum)), `${name} sum ${total} vs ${sum}`);
        }
      });

      it("encodes and decodes as the format's own forward pass does", async () => {
        const bundle = await loadSae(folder);
        const acts = encode(bundle, want.x);
        assertClose(acts, want.acts, 1e-5, 'acts');
        assertClose(decode(bundle, acts), want.recon, 1e-5, 'recon');
      });
    });
  }
});

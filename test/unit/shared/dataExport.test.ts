import assert from 'node:assert/strict';
import { latentTableTable } from '../../../src/extension/inspector/latentTableExport';
import { dataExport, readDataExport, tableToCsv } from '../../../src/shared/dataExport';
import type { LatentDetail, LatentQuery, LatentRow, SaeOverview } from '../../../src/shared/saeData';
import { FieldReader } from '../../../src/shared/validate';
import { neuronpediaFeature } from '../../../src/webview/saeInspector/neuronpediaFeature';

describe('data export: CSV and JSON from a panel’s table', () => {
  const table = { columns: ['name', 'value', 'ok'], rows: [['plain', 1.5, true], ['with, comma', -0.1, false], ['say "hi"\nthere', null, null], ['x', NaN, null], ['y', Infinity, null]] };

  it('writes RFC 4180 CSV: quoted cells where needed, doubled quotes, empty nulls, pandas’ nan and inf', () => {
    assert.equal(tableToCsv(table), 'name,value,ok\r\nplain,1.5,true\r\n"with, comma",-0.1,false\r\n"say ""hi""\nthere",,\r\nx,nan,\r\ny,inf,\r\n');
  });

  it('keeps every digit of a number, so the file reads back exactly', () => {
    const value = 0.1 + 0.2;
    assert.equal(Number(tableToCsv({ columns: ['v'], rows: [[value]] }).split('\r\n')[1]), value);
  });

  it('refuses a row whose length is not the header’s', () => {
    assert.throws(() => tableToCsv({ columns: ['a', 'b'], rows: [[1]] }), /row 1 has 1 cells for 2 columns/);
  });

  it('JSON is one object per row, or the document given instead; non-finite numbers become null', () => {
    const records = JSON.parse(dataExport('json', 't', { table }).data) as Record<string, unknown>[];
    assert.deepEqual(records[0], { name: 'plain', value: 1.5, ok: true });
    assert.equal(records[3].value, null);
    const whole = dataExport('json', 'run', { table, json: { id: 'r', loss: [1, NaN] } });
    assert.deepEqual(JSON.parse(whole.data), { id: 'r', loss: [1, null] });
    assert.deepEqual({ ...whole, data: '' }, { kind: 'exportData', format: 'json', name: 'run', data: '' });
  });

  it('the host checks the message: format, name, and JSON that parses', () => {
    const read = (value: unknown) => readDataExport(new FieldReader(value, 'panel message'));
    assert.equal(read({ kind: 'exportData', format: 'csv', name: 'n', data: 'a\r\n' }).data, 'a\r\n');
    assert.throws(() => read({ kind: 'exportData', format: 'xml', name: 'n', data: '' }), /field "format" must be one of "csv", "json"/);
    assert.throws(() => read({ kind: 'exportData', format: 'json', name: 'n', data: '{nope' }), /field "data" is not JSON/);
  });
});

describe('data export: the inspector’s latent table and feature page', () => {
  it('pages the whole table out of the worker in the view’s order and search', async () => {
    const all: LatentRow[] = Array.from({ length: 2345 }, (_, index) => ({ index, density: index / 1e4, maxActivation: null, decoderNorm: 1, nearest: (index + 1) % 2345, nearestCosine: 0.5 }));
    const asked: LatentQuery[] = [];
    const table = await latentTableTable({ sortBy: 'density', descending: true, search: '' }, async (query) => {
      asked.push(query);
      const ordered = [...all].reverse();
      return { offset: query.offset, total: ordered.length, rows: ordered.slice(query.offset, query.offset + query.limit) };
    });
    assert.deepEqual(asked.map((q) => [q.offset, q.limit, q.sortBy, q.descending]), [[0, 1000, 'density', true], [1000, 1000, 'density', true], [2000, 1000, 'density', true]]);
    assert.deepEqual(table.columns, ['index', 'density', 'maxActivation', 'decoderNorm', 'nearest', 'nearestCosine']);
    assert.equal(table.rows.length, 2345);
    assert.deepEqual(table.rows[0], [2344, 0.2344, null, 1, 0, 0.5]);
  });

  it('a latent page in Neuronpedia’s feature fields', () => {
    const overview: SaeOverview = {
      handle: 1, path: '/s/sae_weights.safetensors', format: 'saelens', architecture: 'jumprelu', dIn: 4, dSae: 8, dtype: 'float32', k: null,
      hookName: 'blocks.6.hook_resid_pre', modelName: 'gpt2', normalizeActivations: 'none', applyBDecToInput: true, tensors: [],
      metadata: { neuronpedia_id: 'gpt2-small/6-res-jb' }, hasDensity: true,
    };
    const detail: LatentDetail = {
      index: 3, decoderNorm: 0.9, density: 0.01, encoderBias: -0.2,
      topDims: [{ dim: 2, weight: -0.7 }, { dim: 0, weight: 0.5 }],
      neighbours: [{ latent: 5, cosine: 0.8 }],
      activations: {
        max: 4, fired: 25, rows: 100, histogram: { edges: [0, 2, 4], counts: [20, 5] },
        examples: [{ row: 17, value: 4, context: { tokens: ['a', 'b', 'c'], values: [0, 4, 1], focus: 1 } }, { row: 3, value: 2 }],
      },
    };
    const feature = neuronpediaFeature(overview, detail);
    assert.equal(feature.modelId, 'gpt2-small');
    assert.equal(feature.layer, '6-res-jb');
    assert.equal(feature.index, '3');
    assert.equal(feature.maxActApprox, 4);
    assert.equal(feature.frac_nonzero, 0.25, 'measured on the attached rows');
    assert.deepEqual(feature.freq_hist_data_bar_heights, [20, 5]);
    assert.deepEqual(feature.freq_hist_data_bar_values, [1, 3], 'bin centres');
    assert.deepEqual([feature.neuron_alignment_indices, feature.neuron_alignment_values], [[2, 0], [-0.7, 0.5]]);
    assert.deepEqual([feature.topkCosSimIndices, feature.topkCosSimValues], [[5], [0.8]]);
    assert.deepEqual(feature.activations, [{ tokens: ['a', 'b', 'c'], values: [0, 4, 1], maxValue: 4, maxValueTokenIndex: 1, minValue: 0 }]);
    assert.deepEqual(feature.saescope.attached?.topRows, [{ row: 17, value: 4 }, { row: 3, value: 2 }]);

    const bare = neuronpediaFeature({ ...overview, metadata: { neuronpedia_id: 'null' } }, { ...detail, activations: null });
    assert.deepEqual([bare.modelId, bare.layer, bare.maxActApprox, bare.frac_nonzero], ['gpt2', 'blocks.6.hook_resid_pre', null, 0.01]);
  });
});

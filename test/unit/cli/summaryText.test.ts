import assert from 'node:assert/strict';
import { summaryLines } from '../../../src/cli/summaryText';

describe('cli/summaryText', () => {
  it('prints scalars, aligned tensor rows and metadata', () => {
    const summary = {
      format: 'safetensors',
      tensors: [
        { name: 'W_enc', dtype: 'F32', shape: [768, 16384] },
        { name: 'b_enc', dtype: 'BF16', shape: [16384] },
      ],
      metadata: { format: 'pt' },
    };
    assert.deepEqual(summaryLines(summary), [
      'format: safetensors',
      'tensors (2):',
      '  W_enc  F32   [768, 16384]',
      '  b_enc  BF16  [16384]',
      'metadata:',
      '  format: pt',
    ]);
  });

  it('prints nested values it cannot tabulate as JSON', () => {
    assert.deepEqual(summaryLines({ opCounts: { MatMul: 2 }, inputs: [{ name: 'x', shape: ['batch', { dim: 3 }] }] }), [
      'opCounts:',
      '  MatMul: 2',
      'inputs (1):',
      '  x  ["batch",{"dim":3}]',
    ]);
  });
});

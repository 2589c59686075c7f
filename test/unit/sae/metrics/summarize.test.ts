import assert from 'node:assert/strict';
import {
  METRIC_DEFINITIONS,
  decoderFeatureCosines,
  decoderMaxCosine,
  encoderMaxCosine,
  evaluateBatches,
  groundTruthMetrics,
  redundancyMetrics,
  summarize,
  type Metric,
} from '../../../../src/engine/sae/metrics';
import { randomMatrix } from './helpers';

function assertDefined(metrics: Metric[]): void {
  for (const m of metrics) {
    const definition = METRIC_DEFINITIONS[m.id as keyof typeof METRIC_DEFINITIONS];
    assert.ok(definition, `${m.id} is in the registry`);
    assert.equal(m.label, definition.label);
    assert.equal(m.formula, definition.formula);
  }
}

describe('sae/metrics summarize', () => {
  it('keys every definition by its own id', () => {
    for (const [id, definition] of Object.entries(METRIC_DEFINITIONS)) {
      assert.equal(definition.id, id);
      assert.ok(definition.formula.length > 0 && definition.label.length > 0, id);
      assert.ok(['higher', 'lower', 'none'].includes(definition.better), id);
    }
  });

  it('reports each accumulated value once, with its registered formula', () => {
    const x = Float32Array.from([1, 0, 0, 2, 2, 4]);
    const xHat = Float32Array.from([1, 1, 0, 1, 2, 2]);
    const acts = Float32Array.from([0, 2, -1, 0, 0, 3, 0, 0.5, 0]);
    const accumulator = evaluateBatches([{ x, xHat, acts }], 2, 3);
    const metrics = summarize(accumulator);
    assertDefined(metrics);
    const byId = new Map(metrics.map((m) => [m.id, m]));
    assert.equal(byId.size, metrics.length, 'ids are unique');
    const stats = accumulator.stats();
    assert.equal(byId.get('explained_variance')?.value, stats.explainedVariance);
    assert.equal(byId.get('explained_variance_legacy')?.value, stats.explainedVarianceLegacy);
    assert.equal(byId.get('mse')?.value, stats.mse);
    assert.equal(byId.get('frac_dead')?.value, 1 / 3);
    assert.equal(byId.get('frac_alive')?.value, 2 / 3);
    assert.equal(byId.get('freq_over_10_percent')?.value, 2 / 3);
    assert.match(byId.get('frac_dead')?.note ?? '', /1 of 3 latents never fired in 3 rows/);
  });

  it('names the redundancy metrics after SAEBench and points at the closest pair', () => {
    const W_dec = randomMatrix(1, 12, 5);
    const W_enc = randomMatrix(2, 5, 12);
    const metrics = redundancyMetrics(decoderMaxCosine(W_dec, 12, 5), encoderMaxCosine(W_enc, 5, 12));
    assertDefined(metrics);
    assert.deepEqual(
      metrics.map((m) => m.id),
      ['average_max_decoder_cosine_sim', 'max_decoder_cosine_sim', 'average_max_encoder_cosine_sim', 'max_encoder_cosine_sim'],
    );
    assert.match(metrics[1].note ?? '', /^latents \d+ and \d+$/);
  });

  it('names ground-truth metrics by side and sign', () => {
    const C = decoderFeatureCosines(randomMatrix(3, 6, 4), 6, 4, randomMatrix(4, 3, 4), 3);
    const signed = groundTruthMetrics(C, 'decoder');
    const absolute = groundTruthMetrics(C, 'encoder', 'absolute');
    assertDefined([...signed, ...absolute]);
    assert.deepEqual(
      signed.map((m) => m.id),
      ['mmcs', 'mmcs_latent', 'hungarian_match'],
    );
    assert.deepEqual(
      absolute.map((m) => m.id),
      ['mmcs_encoder_abs', 'mmcs_latent_encoder_abs', 'hungarian_match_encoder_abs'],
    );
    assert.match(absolute[0].formula, /\|cos\(f_j, W_enc\[:,i\]\)\|/);
  });
});

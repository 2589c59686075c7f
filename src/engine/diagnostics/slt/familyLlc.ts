import { modelRng } from '../../toys/models/modelRandom';
import { PresetConfig, resolvePresetConfig } from '../../toys/models/presetConfig';
import { RegressionData } from '../../toys/models/regression/regressionData';
import { fitRegression } from '../../toys/models/regression/regressionFit';
import {
  RegressionFamily, linearRegressionFamily, normalCrossingFamily, polynomialFamily, reducedRankFamily,
} from '../../toys/models/regression/regressionPresets';
import { CalibrationResult, calibrateLlc, defaultCalibrationGrid } from './calibration';
import { SGLD_DEFAULTS, SgldRunOptions, SgldSamplerOptions } from './chains';
import { leastSquares } from './leastSquares';
import { LlcEstimate, estimateLlc } from './llc';
import { polynomialDesign, quadraticLlc } from './quadraticLlc';
import { regressionSampling } from './regressionSampling';

/** The regression families `saescope llc --model` knows. */
export const LLC_FAMILIES = {
  linear: linearRegressionFamily,
  rrr: reducedRankFamily,
  'normal-crossing': normalCrossingFamily,
  polynomial: polynomialFamily,
} as const;

export type LlcFamilyName = keyof typeof LLC_FAMILIES;

export function llcFamily(name: string): RegressionFamily<PresetConfig> {
  if (!(name in LLC_FAMILIES)) throw new RangeError(`unknown model '${name}'; models: ${Object.keys(LLC_FAMILIES).join(', ')}`);
  return LLC_FAMILIES[name as LlcFamilyName] as unknown as RegressionFamily<PresetConfig>;
}

export type SgldSettings = Omit<SgldSamplerOptions, 'params' | 'data' | 'loss' | 'observe'> & Omit<SgldRunOptions, 'at' | 'onDraw'>;

export interface FamilyLlcOptions {
  model: LlcFamilyName;
  /** Family parameters (`--set key=value`): sizes, powers, degree, … */
  overrides?: Record<string, number>;
  /** The user's data; without it the family's synthetic data from `seed`. */
  data?: RegressionData;
  /** Where `data` came from, for messages and the result. */
  dataSource?: string;
  seed?: number;
  sgld?: SgldSettings;
  /** Also run an ε × nβ grid; lists not given come from `defaultCalibrationGrid` around the chosen ε and nβ. */
  calibrate?: boolean | { epsilons?: number[]; nbetas?: number[] };
  log?: (line: string) => void;
}

export interface FamilyLlcResult {
  model: LlcFamilyName;
  config: PresetConfig;
  data: { source: string; rows: number; inputDim: number; outputDim: number };
  fit: { method: 'least squares (Householder QR)' | 'full-batch Adam'; steps?: number; lr?: number; loss: number };
  wStar: Record<string, number[]>;
  estimate: Omit<LlcEstimate, 'losses'>;
  /** What theory says: the family's λ under its assumptions (null where they cannot be checked), and for models
   * linear in their parameters the localised quadratic value ½Σ 2nβa_k/(2nβa_k + γ) the estimator tends to. */
  theory: { lambda: number | null; assumption: string; quadratic?: number };
  calibration?: CalibrationResult;
}

/** The family's settings for the user's data: sizes taken from the files; what they cannot give stays as set. */
function configForData(name: LlcFamilyName, family: RegressionFamily<PresetConfig>, overrides: Record<string, number>, data: RegressionData, source: string): PresetConfig {
  const fromData: Record<string, number> = { rows: data.rows };
  if (name === 'linear') fromData.inputDim = data.inputDim;
  if (name === 'rrr') Object.assign(fromData, { inputs: data.inputDim, outputs: data.outputDim });
  for (const key of Object.keys(fromData)) {
    if (key in overrides && overrides[key] !== fromData[key]) throw new RangeError(`${name}: ${key} comes from the data (${fromData[key]}), not --set`);
  }
  if (name !== 'rrr' && data.outputDim !== 1) throw new RangeError(`${name}: y must have one column, ${source} has ${data.outputDim}`);
  if ((name === 'normal-crossing' || name === 'polynomial') && data.inputDim !== 1) throw new RangeError(`${name}: x must have one column, ${source} has ${data.inputDim}`);
  const config = resolvePresetConfig(name, family.defaults, { ...overrides, ...fromData });
  if (name === 'rrr' && !('hidden' in overrides)) config.hidden = Math.min(data.inputDim, data.outputDim);
  if (name === 'rrr' && !('rank' in overrides)) config.rank = Math.min(config.hidden as number, data.inputDim, data.outputDim);
  family.check(config);
  return config;
}

function theoryFor(name: LlcFamilyName, family: RegressionFamily<PresetConfig>, config: PresetConfig, synthetic: boolean, overrides: Record<string, number>): FamilyLlcResult['theory'] {
  const lambda = family.learningCoefficient(config);
  switch (name) {
    case 'linear':
      return { lambda, assumption: 'regular model: λ = d/2' };
    case 'polynomial':
      return { lambda, assumption: 'linear in its coefficients, hence regular: λ = (degree + 1)/2; at finite nβ and γ nearly unidentifiable coefficients count less (see quadratic)' };
    case 'normal-crossing':
      return { lambda, assumption: `λ = 1/(2·max k) at w* = 0 when the true function is f ≡ 0${synthetic ? '' : ' (an assumption about your data)'}` };
    case 'rrr':
      if (!synthetic && !('rank' in overrides)) return { lambda: null, assumption: 'Aoyagi & Watanabe: needs the true rank r of the map behind the data; give it with --set rank=r' };
      return { lambda, assumption: `Aoyagi & Watanabe for a realisable rank-${config.rank} map, M = ${config.inputs}, H = ${config.hidden}, N = ${config.outputs}` };
  }
}

/** w* for the family on the data: exact least squares where the model is linear in its parameters, else Adam. */
async function fitFamily(name: LlcFamilyName, family: RegressionFamily<PresetConfig>, config: PresetConfig, data: RegressionData, seed: number, log?: (line: string) => void) {
  if (name === 'linear' || name === 'polynomial') {
    const design = name === 'linear' ? data.x : polynomialDesign(data.x, config.degree as number);
    const p = name === 'linear' ? data.inputDim : (config.degree as number) + 1;
    const b = leastSquares(design, data.y, data.rows, p, 1);
    return { wStar: { [name === 'linear' ? 'w' : 'a']: Float32Array.from(b) }, method: 'least squares (Householder QR)' as const, design, p };
  }
  const steps = config.steps as number, lr = config.lr as number;
  log?.(`fitting ${name} by full-batch Adam: ${steps} steps at lr ${lr}`);
  const run = await fitRegression({ preset: name, config, model: family.model(config), data, steps, lr, recordEvery: steps }, { seed });
  return { wStar: Object.fromEntries(Object.entries(run.params).map(([k, v]) => [k, v.data])), method: 'full-batch Adam' as const, steps, lr };
}

/** Fit a regression family to data (the user's, or its own synthetic data) and estimate the LLC at the fit. */
export async function familyLlc(o: FamilyLlcOptions): Promise<FamilyLlcResult> {
  const family = llcFamily(o.model);
  const seed = o.seed ?? SGLD_DEFAULTS.seed;
  const overrides = o.overrides ?? {};
  let config: PresetConfig, data: RegressionData;
  if (o.data) {
    config = configForData(o.model, family, overrides, o.data, o.dataSource ?? 'the data');
    data = o.data;
  } else {
    config = resolvePresetConfig(o.model, family.defaults, overrides);
    family.check(config);
    data = family.data(config, modelRng(seed, 'batches'));
  }
  const fit = await fitFamily(o.model, family, config, data, seed, o.log);
  const model = family.model(config);
  const sampling = regressionSampling(model, data, fit.wStar);
  // Full batch unless asked otherwise: these data sets are small, and L(w*) from a few minibatches would move λ̂ by
  // nβ times its standard error (several units at n = 1000), as devinterp's minibatch default does.
  const base = { ...sampling, batch: data.rows, ...o.sgld, seed };
  o.log?.(`sampling ${base.chains ?? SGLD_DEFAULTS.chains} chains × ${base.draws ?? SGLD_DEFAULTS.draws} draws`);
  const { losses: _losses, ...estimate } = await estimateLlc(base);
  const theory = theoryFor(o.model, family, config, !o.data, overrides);
  if ('design' in fit && fit.design) theory.quadratic = quadraticLlc(fit.design, data.rows, fit.p, estimate.settings.nbeta, estimate.settings.localization);
  let calibration: CalibrationResult | undefined;
  if (o.calibrate) {
    const fallback = defaultCalibrationGrid(estimate.settings.epsilon, estimate.settings.nbeta);
    const given = o.calibrate === true ? {} : o.calibrate;
    const grid = { epsilons: given.epsilons ?? fallback.epsilons, nbetas: given.nbetas ?? fallback.nbetas };
    calibration = await calibrateLlc(base, grid, (c) => o.log?.(`calibration ε ${c.epsilon.toPrecision(3)}, nβ ${c.nbeta.toPrecision(4)}: λ̂ ${c.llc === null ? 'diverged' : c.llc.toPrecision(4)}`));
  }
  return {
    model: o.model,
    config,
    data: { source: o.dataSource ?? (o.data ? 'given data' : `synthetic (seed ${seed})`), rows: data.rows, inputDim: data.inputDim, outputDim: data.outputDim },
    fit: { method: fit.method, ...('steps' in fit ? { steps: fit.steps, lr: fit.lr } : {}), loss: estimate.fullLoss },
    wStar: Object.fromEntries(Object.entries(fit.wStar).map(([k, v]) => [k, Array.from(v)])),
    estimate,
    theory,
    calibration,
  };
}

import { checkExpectedDIn } from './activationShape';
import { DataError } from './errors';
import { openFileSource, type FileSourceOptions } from './fileSource';
import type { ActivationSource } from './source';

/** Builds a synthetic source from a full `toy:` spec; toy generators live outside this module. */
export type ToyFactory = (spec: string, seed: number) => ActivationSource;

export interface OpenSourceOptions extends Omit<FileSourceOptions, 'tensor'> {
  toyFactory?: ToyFactory;
}

export const SOURCE_SPEC_SYNTAX = [
  '<path>.npy  (a 2-D float array [rows, d_in])',
  '<path>.safetensors  (its only 2-D tensor)',
  '<path>.safetensors#<tensor>  (the named tensor)',
  'toy:<preset>?<param>=<value>&…  (synthetic activations)',
];

const TOY_PREFIX = 'toy:';
const SAFETENSORS_SPEC = /^(.+\.safetensors)(?:#(.+))?$/i;

/** Opens the activation source a spec string names: a file path, or a toy generator. */
export async function openActivationSource(spec: string, options: OpenSourceOptions = {}): Promise<ActivationSource> {
  const { toyFactory, ...fileOptions } = options;
  if (spec.startsWith(TOY_PREFIX)) {
    if (!toyFactory) throw new DataError('bad-spec', spec, 'toy generators are not available here');
    return checkedToy(spec, toyFactory(spec, options.seed ?? 0), options.expectDIn);
  }
  if (/\.npy$/i.test(spec)) return openFileSource(spec, fileOptions);
  const safetensors = SAFETENSORS_SPEC.exec(spec);
  if (safetensors) return openFileSource(safetensors[1], { ...fileOptions, tensor: safetensors[2] });
  throw new DataError('bad-spec', spec, `not an activation source; accepted: ${SOURCE_SPEC_SYNTAX.join('; ')}`);
}

async function checkedToy(spec: string, source: ActivationSource, expectDIn: number | undefined): Promise<ActivationSource> {
  try {
    checkExpectedDIn(spec, source.dIn, expectDIn);
    return source;
  } catch (err) {
    await source.close();
    throw err;
  }
}

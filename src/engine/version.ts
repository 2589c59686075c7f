import * as ort from 'onnxruntime-node';
import { version } from '../../package.json';
import type { EngineInfo } from '../shared/protocol';
import { listProviders } from './graph/providers';

/** The engine is versioned with the extension: one package.json version for both. */
export const ENGINE_VERSION: string = version;

export async function engineInfo(): Promise<EngineInfo> {
  return {
    engineVersion: ENGINE_VERSION,
    onnxruntimeVersion: ort.env.versions.node ?? 'unknown',
    providers: await listProviders(),
  };
}

import * as ort from 'onnxruntime-node';
import { Graph } from './graph';
import { toOnnxBytes } from './onnx';

export type ExecutionProvider = 'cpu' | 'cuda';

export interface ProviderStatus {
  name: ExecutionProvider;
  available: boolean;
  detail: string;
}

const probe = new Map<ExecutionProvider, Promise<ProviderStatus>>();

/** Whether each execution provider can open a session here (CUDA needs the user's opt-in install). */
export function providerStatus(name: ExecutionProvider): Promise<ProviderStatus> {
  let p = probe.get(name);
  if (!p) {
    p = tryProvider(name);
    probe.set(name, p);
  }
  return p;
}

export async function listProviders(): Promise<ProviderStatus[]> {
  return Promise.all((['cpu', 'cuda'] as const).map(providerStatus));
}

/** The providers to hand ORT, falling back to CPU with a message when the requested one cannot start. */
export async function resolveProviders(wanted: ExecutionProvider): Promise<{ providers: ExecutionProvider[]; warning?: string }> {
  if (wanted === 'cpu') return { providers: ['cpu'] };
  const status = await providerStatus(wanted);
  if (status.available) return { providers: [wanted, 'cpu'] };
  return { providers: ['cpu'], warning: `${wanted} is not available (${status.detail}); running on CPU` };
}

/** The smallest valid model, one Identity node, for probing a provider. */
function identityModel(): Uint8Array {
  const g = new Graph('probe');
  g.output('y', g.input('x', 'float32', [1]));
  return toOnnxBytes(g);
}

async function tryProvider(name: ExecutionProvider): Promise<ProviderStatus> {
  const backend = ort.listSupportedBackends().find((b) => b.name === name);
  if (!backend) return { name, available: false, detail: 'not built into this onnxruntime-node' };
  try {
    const session = await ort.InferenceSession.create(identityModel(), { executionProviders: [name], logSeverityLevel: 3 });
    await session.release();
    return { name, available: true, detail: backend.bundled ? 'bundled' : 'installed' };
  } catch (e) {
    const hint = name === 'cuda' ? ' — reinstall with `npm install --onnxruntime-node-install=cuda12`' : '';
    return { name, available: false, detail: `${(e as Error).message.split('\n')[0]}${hint}` };
  }
}

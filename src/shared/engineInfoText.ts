import type { EngineInfo } from './protocol';

/** Engine info as lines of plain text, for the CLI and the Output channel. */
export function engineInfoLines(info: EngineInfo): string[] {
  return [
    `SAE Scope engine ${info.engineVersion}`,
    `ONNX Runtime ${info.onnxruntimeVersion}`,
    'Execution providers:',
    ...info.providers.map((p) => `  ${p.name}: ${p.available ? 'available' : 'unavailable'} (${p.detail})`),
  ];
}

/**
 * "Run L0 Diagnostics on Chosen Data…"'s questions without VS Code: the architectures offered (BatchTopK first, the
 * default), the list of L0s (or JumpReLU sparsity coefficients) with the spec's grid as the default, its checks, and
 * the sweep settings they make.
 */
import { DEFAULT_COEFFICIENTS, DEFAULT_L0S } from '../../engine/diagnostics/l0/defaults';
import type { L0SweepArchitecture, L0SweepSettings } from '../../shared/protocol';
import { defaultL0Settings } from './l0Settings';

export interface L0ArchitectureChoice {
  arch: L0SweepArchitecture;
  label: string;
  detail: string;
}

export const L0_ARCHITECTURE_CHOICES: readonly L0ArchitectureChoice[] = [
  { arch: 'batchtopk', label: 'BatchTopK', detail: 'the k·B largest activations of each batch; the sweep sets k = each L0 (default, trained together)' },
  { arch: 'topk', label: 'TopK', detail: 'the k largest pre-activations of each row; k = each L0, a whole number' },
  { arch: 'jumprelu', label: 'JumpReLU', detail: 'learned thresholds; the sweep sets the sparsity coefficient λ_s and measures each SAE\'s L0' },
];

/** What the list question asks for under an architecture. */
export const settingsListPrompt = (arch: L0SweepArchitecture): string =>
  arch === 'jumprelu' ? 'JumpReLU sparsity coefficients λ_s, one SAE each (comma-separated)' : `L0s (k of each ${arch === 'topk' ? 'TopK' : 'BatchTopK'} SAE, comma-separated)`;

/** The spec's grid for the architecture, as the list question shows it. */
export const defaultSettingsText = (arch: L0SweepArchitecture): string => (arch === 'jumprelu' ? DEFAULT_COEFFICIENTS : DEFAULT_L0S).join(', ');

/** The numbers of a list typed as "5, 7, 9" or "5 7 9". */
export function parseSettingsList(text: string): number[] {
  return text
    .split(/[\s,;]+/)
    .filter((part) => part !== '')
    .map(Number);
}

/** Why the typed list cannot be swept, or undefined when it can. */
export function settingsListProblem(text: string, arch: L0SweepArchitecture): string | undefined {
  const parts = text.split(/[\s,;]+/).filter((part) => part !== '');
  if (parts.length === 0) return 'at least one value';
  const bad = parts.find((part) => !(Number(part) > 0 && Number.isFinite(Number(part))));
  if (bad !== undefined) return `${bad} is not a number above 0`;
  const values = parts.map(Number);
  if (arch === 'topk') {
    const fraction = values.find((v) => !Number.isInteger(v));
    if (fraction !== undefined) return `TopK keeps a whole number of latents per row: ${fraction} is not one`;
  }
  const repeated = values.find((v, i) => values.indexOf(v) !== i);
  if (repeated !== undefined) return `${repeated} is listed twice; each SAE needs its own ${arch === 'jumprelu' ? 'coefficient' : 'L0'}`;
  return undefined;
}

/** The default sweep on `data` with the chosen architecture and list (null: the spec's grid). */
export function chosenL0Settings(data: string, steps: number, arch: L0SweepArchitecture, values: readonly number[] | null): L0SweepSettings {
  const list = values === null ? null : [...values];
  return { ...defaultL0Settings(data, steps), arch, l0s: arch === 'jumprelu' ? null : list, coefficients: arch === 'jumprelu' ? list : null };
}

/**
 * "Copy as Python" on the Compare panel: NumPy code that matches two SAEs' latents one-to-one by decoder cosine as
 * the panel did — Hungarian assignment (scipy's linear_sum_assignment) or, for wide SAEs, greedy over each latent's
 * nearest — and prints the shared count, the unmatched counts, the mean matched cosine and the best pairs.
 */
import type { MatchMethod } from '../../shared/compareData';
import { decoderLoader, loaderImports, pyString, unitRows } from './pythonSource';

export interface CompareSnippetInput {
  a: string;
  b: string;
  threshold: number;
  method: MatchMethod;
}

/** Candidates per A latent in greedy matching (the engine's CANDIDATES). */
const CANDIDATES = 8;
const BLOCK = 1024;

export function compareSnippet({ a, b, threshold, method }: CompareSnippetInput): string {
  const hungarian = method === 'hungarian';
  const lines = [
    `# Reproduces SAE Scope's Compare of A = ${a}`,
    `# and B = ${b}: latents matched one-to-one by decoder cosine, shared when cos ≥ ${threshold}.`,
    ...loaderImports([a, b]),
    ...(hungarian ? ['from scipy.optimize import linear_sum_assignment'] : []),
    '',
    ...decoderLoader([a, b]),
    '',
    '',
    ...unitRows(),
    '',
    '',
    `A = unit_rows(load_decoder(${pyString(a)}))`,
    `B = unit_rows(load_decoder(${pyString(b)}))`,
    `threshold = ${threshold}`,
    '',
  ];
  if (hungarian) {
    lines.push(
      '# Hungarian: the one-to-one matching with the largest total cosine.',
      'a_idx, b_idx = linear_sum_assignment(A @ B.T, maximize=True)',
    );
  } else {
    lines.push(
      `# Greedy, as the panel does for wide SAEs: each A latent's ${CANDIDATES} nearest B latents, best pairs first,`,
      '# a pair taken when both latents are still free.',
      'candidates = []',
      `take = min(${CANDIDATES}, len(B))`,
      `for start in range(0, len(A), ${BLOCK}):`,
      `    block = A[start:start + ${BLOCK}] @ B.T`,
      '    top = np.argsort(-block, axis=1, kind="stable")[:, :take]  # ties: the lower B latent first',
      '    for i, js in enumerate(top):',
      '        candidates += [(-block[i, j], start + i, int(j)) for j in js]',
      'taken_a, taken_b, pairs = set(), set(), []',
      'for _, i, j in sorted(candidates):',
      '    if i not in taken_a and j not in taken_b:',
      '        taken_a.add(i)',
      '        taken_b.add(j)',
      '        pairs.append((i, j))',
      'a_idx = np.array([i for i, _ in pairs], dtype=np.int64)',
      'b_idx = np.array([j for _, j in pairs], dtype=np.int64)',
    );
  }
  lines.push(
    'matched = np.einsum("ij,ij->i", A[a_idx], B[b_idx])  # cosine of each matched pair',
    'order = np.lexsort((a_idx, -matched))  # best first, ties by A latent',
    'shared = int((matched >= threshold).sum())',
    'print(f"shared (cos ≥ {threshold}): {shared}; only in A: {len(A) - shared}; only in B: {len(B) - shared}")',
    'print(f"mean cosine of matched pairs: {matched.mean():.4f}")',
    'for k in order[:20]:',
    '    print(f"A {a_idx[k]} ↔ B {b_idx[k]}: {matched[k]:.4f}")',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The inspector's search box: space-separated terms, all of which a latent must pass.
 * `12` (that latent), `100-200` (an index range), `density<1e-4`, `cos>=0.9`, `max>2`, `norm<0.5`, `dead`.
 */
export type LatentField = 'density' | 'cos' | 'max' | 'norm';

export type SearchTerm =
  | { kind: 'range'; from: number; to: number }
  | { kind: 'compare'; field: LatentField; op: '<' | '<=' | '>' | '>='; value: number }
  | { kind: 'dead' };

const COMPARE = /^(density|cos|max|norm)(<=|>=|<|>)(-?\d*\.?\d+(?:e[-+]?\d+)?)$/i;
const RANGE = /^(\d+)(?:-(\d+))?$/;

export class SearchSyntaxError extends Error {}

export function parseSearch(text: string): SearchTerm[] {
  return text
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word): SearchTerm => {
      if (word.toLowerCase() === 'dead') return { kind: 'dead' };
      const range = RANGE.exec(word);
      if (range) {
        const from = Number(range[1]);
        return { kind: 'range', from, to: range[2] === undefined ? from : Number(range[2]) };
      }
      const compare = COMPARE.exec(word);
      if (compare) {
        return { kind: 'compare', field: compare[1].toLowerCase() as LatentField, op: compare[2] as '<', value: Number(compare[3]) };
      }
      throw new SearchSyntaxError(`"${word}" is not a search term: use 12, 100-200, density<1e-4, cos>0.9, max>2, norm<0.5 or dead`);
    });
}

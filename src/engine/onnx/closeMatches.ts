/**
 * Up to `limit` candidates that look like `wanted`: those containing it (or contained in it) first, then by
 * edit distance, ignoring case; far-off names (more than half of `wanted` edited) are left out.
 */
export function closeMatches(wanted: string, candidates: readonly string[], limit = 5): string[] {
  const w = wanted.toLowerCase();
  return candidates
    .map((name) => {
      const c = name.toLowerCase();
      const contains = w.length > 0 && (c.includes(w) || w.includes(c));
      return { name, contains, distance: editDistance(w, c) };
    })
    .filter((m) => m.contains || m.distance <= Math.max(2, w.length / 2))
    .sort((a, b) => Number(b.contains) - Number(a.contains) || a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((m) => m.name);
}

/** Levenshtein distance with one reused row. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(above + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

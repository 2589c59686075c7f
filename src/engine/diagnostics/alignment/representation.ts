/** One representation of a set of stimuli: `rows` stimuli × `units` units (neurons, latents, voxels), row-major. */
export interface Representation {
  data: Float32Array | Float64Array;
  rows: number;
  units: number;
}

export function checkRepresentation(name: string, r: Representation): void {
  if (!Number.isInteger(r.rows) || !Number.isInteger(r.units) || r.rows < 1 || r.units < 1 || r.data.length !== r.rows * r.units) {
    throw new RangeError(`${name}: expected ${r.rows} × ${r.units} values, got ${r.data.length}`);
  }
  for (let i = 0; i < r.data.length; i++) {
    if (!Number.isFinite(r.data[i])) throw new RangeError(`${name}: row ${Math.floor(i / r.units)}, unit ${i % r.units} is ${r.data[i]}`);
  }
}

/** Two representations must describe the same stimuli, row for row. */
export function checkPair(x: Representation, y: Representation): void {
  checkRepresentation('source', x);
  checkRepresentation('target', y);
  if (x.rows !== y.rows) throw new RangeError(`source and target must have the same rows (stimuli), got ${x.rows} and ${y.rows}`);
}

/** The columns `keep` of r, as a new representation. */
export function selectUnits(r: Representation, keep: Int32Array): Representation {
  const out = new Float64Array(r.rows * keep.length);
  for (let i = 0; i < r.rows; i++) {
    const from = i * r.units;
    const to = i * keep.length;
    for (let c = 0; c < keep.length; c++) out[to + c] = r.data[from + keep[c]];
  }
  return { data: out, rows: r.rows, units: keep.length };
}

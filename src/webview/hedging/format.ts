/** Number formats the Hedging panel shares. */
export const fixed = (value: number, digits = 3): string => value.toFixed(digits);
export const degrees = (radians: number): string => `${((radians * 180) / Math.PI).toFixed(1)}°`;
/** The angle of a direction in the parent–child plane, from the parent towards the child. */
export const angleOf = (c: { parent: number; child: number }): number => Math.atan2(c.child, c.parent);
export const toyName = (toy: string): string => toy.replace(/^toy:hedging-/, '').replace(/^toy:/, '');

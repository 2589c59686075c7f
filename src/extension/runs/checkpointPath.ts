/** Where a checkpoint the Run panel asks to open lies: only a path the panel was given, and only inside the run folder. */
import { isAbsolute, relative, resolve } from 'node:path';

export function checkpointTarget(runFolder: string, known: readonly string[], path: string): string | undefined {
  if (!known.includes(path) || isAbsolute(path)) return undefined;
  const target = resolve(runFolder, path);
  const inside = relative(runFolder, target);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? undefined : target;
}

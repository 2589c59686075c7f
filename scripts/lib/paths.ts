import * as path from 'node:path';

/** The repository root, wherever the importing script or test was started from. */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Slow installs and generated demo data live here; the folder is ignored by git. */
export const cacheDir = path.join(repoRoot, '.cache');

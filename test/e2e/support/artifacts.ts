import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../../scripts/lib/paths';

/** Screenshots, logs and console output of the last e2e run (ignored by git; CI may keep it). */
export const artifactsDir = path.join(repoRoot, 'test-artifacts', 'e2e');

export function clearArtifacts(): void {
  rmSync(artifactsDir, { recursive: true, force: true });
  mkdirSync(artifactsDir, { recursive: true });
}

/** A file name in the artifacts folder made from free text, e.g. a test's title. */
export function artifactPath(name: string, extension: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 100);
  return path.join(artifactsDir, `${slug}.${extension}`);
}

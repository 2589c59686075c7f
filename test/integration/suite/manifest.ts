import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'saescope.saescope';

export interface Manifest {
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, { default: unknown }> };
  };
}

/** The extension's package.json as VS Code loaded it. */
export function manifest(): Manifest {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in the Extension Development Host`);
  return JSON.parse(readFileSync(path.join(extension.extensionPath, 'package.json'), 'utf8')) as Manifest;
}

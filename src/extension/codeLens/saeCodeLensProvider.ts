/**
 * "Inspect in SAE Scope" above Python code (files and notebook cells) that loads an SAE. Clicking opens the
 * inspector beside the code when the reference resolves, and otherwise says why and what to do.
 */
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { SAE_INSPECTOR_VIEW_TYPE } from '../inspector/saeEditorProvider';
import { resolveReference, type ResolveContext } from './resolveReference';
import { findSaeReferences, type SaeReference } from './saeReferences';

export const INSPECT_REFERENCE_COMMAND = 'saescope.inspectSaeReference';
export const CODE_LENS_SETTING = 'saescope.codeLens.enabled';
/** Python files and notebook cells (whose documents have their own scheme). */
export const CODE_LENS_SELECTOR: vscode.DocumentSelector = [{ language: 'python' }, { scheme: 'vscode-notebook-cell', language: 'python' }];
/** Folder-like literals are checked on disk before a lens is shown; past this many per document, they are not. */
const MAX_FOLDER_CHECKS = 50;

export class SaeCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  /** Settings changes redraw the lenses; call from a configuration listener. */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.getConfiguration().get<boolean>(CODE_LENS_SETTING, true)) return [];
    const references = findSaeReferences(document.getText());
    const context = resolveContextOf(document.uri);
    const folders = references.filter((r) => r.kind === 'path' && r.source === 'folder').slice(0, MAX_FOLDER_CHECKS);
    const holdsSae = new Set<SaeReference>();
    await Promise.all(folders.map(async (r) => (await resolveReference(r, context)).found && holdsSae.add(r)));
    if (token.isCancellationRequested) return [];
    return references
      .filter((r) => !(r.kind === 'path' && r.source === 'folder') || holdsSae.has(r))
      .map((reference) => {
        const range = new vscode.Range(document.positionAt(reference.start), document.positionAt(reference.end));
        return new vscode.CodeLens(range, {
          title: 'Inspect in SAE Scope',
          tooltip: reference.kind === 'pretrained' ? `Open ${reference.release} ${reference.saeId ?? ''} in the SAE inspector` : `Open ${reference.path} in the SAE inspector`,
          command: INSPECT_REFERENCE_COMMAND,
          arguments: [document.uri, reference],
        });
      });
  }
}

/** The lens's command: open the SAE beside the code, or explain. */
export async function inspectReference(documentUri: vscode.Uri, reference: SaeReference, output: vscode.LogOutputChannel): Promise<void> {
  const resolution = await resolveReference(reference, resolveContextOf(documentUri));
  if (resolution.found) {
    output.info(`codelens: opening ${resolution.weights}`);
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(resolution.weights), SAE_INSPECTOR_VIEW_TYPE, vscode.ViewColumn.Beside);
    return;
  }
  output.info(`codelens: ${resolution.message}`);
  const actions = resolution.download ? ['Copy download command', 'Open SAE…'] : ['Open SAE…'];
  const choice = await vscode.window.showWarningMessage(`SAE Scope: ${resolution.message}`, ...actions);
  if (choice === 'Open SAE…') await vscode.commands.executeCommand('saescope.openSae');
  if (choice === 'Copy download command' && resolution.download) {
    await vscode.env.clipboard.writeText(resolution.download);
    void vscode.window.showInformationMessage(`SAE Scope: copied \`${resolution.download}\`; run it in a terminal, then click Inspect in SAE Scope again.`);
  }
}

function resolveContextOf(uri: vscode.Uri): ResolveContext {
  // A notebook cell's URI carries the notebook's path; an untitled file has no folder of its own.
  const documentFolder = uri.scheme === 'file' || uri.scheme === 'vscode-notebook-cell' ? dirname(uri.fsPath) : undefined;
  return {
    documentFolder,
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    home: homedir(),
    env: process.env,
  };
}

/** The provider, its command, and the setting that turns it off. */
export function registerSaeCodeLens(output: vscode.LogOutputChannel): vscode.Disposable[] {
  const provider = new SaeCodeLensProvider();
  return [
    vscode.languages.registerCodeLensProvider(CODE_LENS_SELECTOR, provider),
    vscode.commands.registerCommand(INSPECT_REFERENCE_COMMAND, (uri: vscode.Uri, reference: SaeReference) => inspectReference(uri, reference, output)),
    vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration(CODE_LENS_SETTING) && provider.refresh()),
  ];
}

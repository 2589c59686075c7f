/** What the Runs items of the diagnostic runs share: the run's id, its folder, and a command that reopens its panel. */
import * as path from 'node:path';
import * as vscode from 'vscode';

export interface SavedRunNode<Kind extends string, R> {
  kind: Kind;
  folder: string;
  record: R;
}

/** One node per saved run that `list` reads from the runs folder, newest first. */
export async function savedRunNodes<Kind extends string, R extends { id: string }>(
  kind: Kind,
  runsDir: string,
  list: (runsDir: string) => Promise<R[]>,
): Promise<SavedRunNode<Kind, R>[]> {
  return (await list(runsDir)).map((record) => ({ kind, folder: path.join(runsDir, record.id), record }));
}

export interface SavedRunLook {
  icon: string;
  description: string;
  tooltip: string;
  contextValue: string;
  /** The command that opens the run's folder in its panel, and its title. */
  command: string;
  commandTitle: string;
}

export function savedRunItem(id: string, folder: string, look: SavedRunLook): vscode.TreeItem {
  const item = new vscode.TreeItem(id, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon(look.icon);
  item.description = look.description;
  item.tooltip = `${look.tooltip}\n${folder}`;
  item.contextValue = look.contextValue;
  item.resourceUri = vscode.Uri.file(folder);
  item.command = { command: look.command, title: look.commandTitle, arguments: [vscode.Uri.file(folder)] };
  return item;
}

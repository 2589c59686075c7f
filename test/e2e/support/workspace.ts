import { cp, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { createDemoWorkspace } from '../../../scripts/lib/demoWorkspace';

export type WorkspaceKind = 'empty' | 'demo';

/** Makes fresh workspace folders under `root`: each test gets its own copy, so no test sees another's files. */
export class Workspaces {
  private count = 0;
  private demoTemplate: Promise<string> | undefined;

  constructor(private readonly root: string) {}

  async create(kind: WorkspaceKind): Promise<string> {
    const folder = path.join(this.root, `workspace-${++this.count}`);
    if (kind === 'demo') {
      await cp(await this.demo(), folder, { recursive: true });
    } else {
      await mkdir(folder, { recursive: true });
    }
    return folder;
  }

  /** The demo workspace of `npm start` (toy data, trained SAEs), made once per run when a test first asks. */
  private demo(): Promise<string> {
    const template = path.join(this.root, 'demo-template');
    this.demoTemplate ??= createDemoWorkspace(template).then(() => template);
    return this.demoTemplate;
  }
}

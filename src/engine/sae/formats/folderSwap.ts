import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FormatError } from '../../io';

/**
 * Creates or replaces `folder` so that readers see either the old folder or the complete new one: `fill` writes
 * into a sibling temporary folder, which is then renamed into place. An existing folder is first moved aside,
 * restored if the rename fails, and deleted only once the new one is in place.
 */
export async function replaceFolder(folder: string, fill: (temp: string) => Promise<void>): Promise<void> {
  const parent = dirname(folder);
  const sibling = (suffix: string) => join(parent, `.${basename(folder)}.${process.pid}.${randomBytes(6).toString('hex')}.${suffix}`);
  const temp = sibling('tmp');
  try {
    await fs.mkdir(parent, { recursive: true });
    await fs.mkdir(temp);
    await fill(temp);
    const existing = await fs.stat(folder).catch(() => undefined);
    if (existing && !existing.isDirectory()) throw new FormatError('io', folder, 'exists and is not a folder');
    if (!existing) return await fs.rename(temp, folder);
    const aside = sibling('old');
    await fs.rename(folder, aside);
    try {
      await fs.rename(temp, folder);
    } catch (err) {
      await fs.rename(aside, folder);
      throw err;
    }
    await fs.rm(aside, { recursive: true, force: true });
  } catch (err) {
    await fs.rm(temp, { recursive: true, force: true });
    if (err instanceof FormatError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new FormatError('io', folder, `cannot write folder (${code ?? String(err)})`);
  }
}

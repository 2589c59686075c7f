import type { FileFormat } from '../../io';
import type { SaeBundle } from '../bundle';

/** The on-disk layouts `loadSae` understands. */
export type SaeFormat = 'saelens' | 'saelens-pre6' | 'sparsify' | 'dictionary-learning' | 'gemma-scope' | 'llama-scope';

/** What detection found: the format, and the files its adapter reads. */
export interface DetectedSae {
  format: SaeFormat;
  /** The tensor file. */
  weights: string;
  /** The format's config file, when it has one and it is present. */
  config?: string;
}

/** The names in one folder, listed once and shared by every adapter's claim. */
export interface FolderListing {
  path: string;
  files: ReadonlySet<string>;
  dirs: readonly string[];
}

/** One on-disk layout: recognises its files and loads them into a bundle. */
export interface SaeFormatAdapter {
  readonly formats: readonly SaeFormat[];
  /** The files to load when `folder` holds this format, judged from the names present (and cheap header reads). */
  claimFolder(folder: FolderListing): Promise<DetectedSae | undefined>;
  /** The same for one file the user picked; `kind` is its sniffed content and `folder` lists where it lies. */
  claimFile(file: string, kind: FileFormat, folder: FolderListing): Promise<DetectedSae | undefined>;
  load(found: DetectedSae): Promise<SaeBundle>;
}

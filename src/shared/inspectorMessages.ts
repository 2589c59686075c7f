/** Messages between the host and the SAE inspector (the custom editor for SAE weight files). */
import { parseAttachSummary, parseLatentDetail, parseLatentQuery, parseLatentRowsPage, parseSaeOverview } from './saeData';
import type { AttachSummary, LatentDetail, LatentQuery, LatentRowsPage, SaeOverview } from './saeData';
import { readDataExport, type DataExport, type DataFormat } from './dataExport';
import { FieldReader } from './validate';

export type ToInspector =
  | { kind: 'overview'; overview: SaeOverview }
  /** Answers the `rows` request with the same requestId; the view drops answers to superseded requests. */
  | { kind: 'rows'; requestId: number; page: LatentRowsPage }
  | { kind: 'latent'; detail: LatentDetail }
  /** Something changed the table's columns (nearest latents computed, data attached): ask for rows again. */
  | { kind: 'columnsChanged'; attached: AttachSummary | null; nearestReady: boolean }
  | { kind: 'busy'; message: string | null }
  | { kind: 'error'; message: string };

export type FromInspector =
  | { kind: 'ready' }
  | { kind: 'rows'; requestId: number; query: LatentQuery }
  | { kind: 'latent'; latent: number }
  | { kind: 'attachData' }
  /** A latent page's export (built in the view). */
  | DataExport
  /** The whole latent table in the view's order and search, which only the worker holds: the host builds the file. */
  | { kind: 'exportLatents'; format: DataFormat; query: Omit<LatentQuery, 'offset' | 'limit'> }
  /** Python that reproduces the table and, with a latent, its page; the host puts it on the clipboard. */
  | { kind: 'copyPython'; latent: number | null };

export function parseToInspector(value: unknown): ToInspector {
  const m = new FieldReader(value, 'inspector view message');
  const kind = m.oneOf('kind', ['overview', 'rows', 'latent', 'columnsChanged', 'busy', 'error']);
  switch (kind) {
    case 'overview':
      return { kind, overview: m.object('overview', parseSaeOverview) };
    case 'rows':
      return { kind, requestId: m.id('requestId'), page: m.object('page', parseLatentRowsPage) };
    case 'latent':
      return { kind, detail: m.object('detail', parseLatentDetail) };
    case 'columnsChanged':
      return { kind, attached: m.isNull('attached') ? null : m.object('attached', parseAttachSummary), nearestReady: m.boolean('nearestReady') };
    case 'busy':
      return { kind, message: m.isNull('message') ? null : m.string('message') };
    case 'error':
      return { kind, message: m.string('message') };
  }
}

export function parseFromInspector(value: unknown): FromInspector {
  const m = new FieldReader(value, 'inspector message');
  const kind = m.oneOf('kind', ['ready', 'rows', 'latent', 'attachData', 'exportData', 'exportLatents', 'copyPython']);
  switch (kind) {
    case 'exportData':
      return readDataExport(m);
    case 'exportLatents': {
      const { sortBy, descending, search } = m.object('query', (value, what) => parseLatentQuery({ offset: 0, limit: 0, ...(value as object) }, what));
      return { kind, format: m.oneOf('format', ['csv', 'json']), query: { sortBy, descending, search } };
    }
    case 'copyPython':
      return { kind, latent: m.isNull('latent') ? null : m.integer('latent') };
    case 'ready':
    case 'attachData':
      return { kind };
    case 'rows':
      return { kind, requestId: m.id('requestId'), query: m.object('query', parseLatentQuery) };
    case 'latent':
      return { kind, latent: m.integer('latent') };
  }
}

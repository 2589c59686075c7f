/** The inspector's whole latent table as a file: every row in the view's order and search, paged out of the worker. */
import { dataExport, type DataExport, type DataFormat, type DataTable } from '../../shared/dataExport';
import type { LatentQuery, LatentRowsPage } from '../../shared/saeData';

/** Rows per request (the worker's page limit). */
const PAGE = 1000;
const COLUMNS = ['index', 'density', 'maxActivation', 'decoderNorm', 'nearest', 'nearestCosine'] as const;

export async function latentTableTable(query: Omit<LatentQuery, 'offset' | 'limit'>, fetchPage: (query: LatentQuery) => Promise<LatentRowsPage>): Promise<DataTable> {
  const rows: DataTable['rows'] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await fetchPage({ ...query, offset, limit: PAGE });
    for (const row of page.rows) rows.push(COLUMNS.map((c) => row[c]));
    if (page.rows.length === 0 || offset + PAGE >= page.total) break;
  }
  return { columns: [...COLUMNS], rows };
}

export async function latentTableExport(
  format: DataFormat,
  name: string,
  query: Omit<LatentQuery, 'offset' | 'limit'>,
  fetchPage: (query: LatentQuery) => Promise<LatentRowsPage>,
): Promise<DataExport> {
  return dataExport(format, name, { table: await latentTableTable(query, fetchPage) });
}

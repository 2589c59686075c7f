import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { FormatError, readNpy, sniffFormat } from '../../io';
import { loadModelCheckpoint } from '../../toys/models/checkpoint';

/** A loss curve as read from a file: t ascending, with the learning rate at each point when the file has one. */
export interface LossCurve {
  /** What was read: the file, or the file inside a run folder. */
  source: string;
  t: number[];
  loss: number[];
  lr?: number[];
}

export interface LossCurveReadOptions {
  /** The record field holding the loss (default 'loss'): a toy run also records e.g. 'batchLoss'. */
  metric?: string;
}

const TIME_KEYS = ['t', 'step', 'steps', 'time', 'tau'];

/**
 * Reads a loss curve from a `.npy` ([n] losses at steps 1…n, or [n, 2] (t, loss), or [n, 3] (t, loss, lr)), a
 * `.csv`/`.tsv`/`.txt` (columns named t|step|time and loss (and lr), or unnamed columns in that order), a
 * `.json` (the records of `saescope toy --json`, a run's `metrics.json` history, an array of [t, loss] pairs or
 * of {step, loss} objects, or {t: […], loss: […]}), a toy checkpoint `step_<n>.safetensors`, or a folder (a
 * run with `metrics.json`, or a toy's checkpoint folder, whose newest checkpoint holds every record).
 * Non-finite values, losses ≤ 0 and times out of order are errors naming the file and the row.
 */
export async function readLossCurve(path: string, options: LossCurveReadOptions = {}): Promise<LossCurve> {
  const metric = options.metric ?? 'loss';
  const info = await stat(path).catch(() => {
    throw new FormatError('not-found', path, 'no such file or folder');
  });
  if (info.isDirectory()) return readLossCurve(await runFile(path), options);
  const format = await sniffFormat(path);
  if (format === 'npy') return checked(path, await npyColumns(path));
  if (format === 'safetensors') return checked(path, recordColumns(path, (await loadModelCheckpoint(path)).records, metric));
  const text = new TextDecoder().decode(await readFile(path));
  const ext = extname(path).toLowerCase();
  if (ext === '.json' || /^\s*[[{]/.test(text)) return checked(path, jsonColumns(path, text, metric));
  return checked(path, tableColumns(path, text, metric));
}

async function runFile(folder: string): Promise<string> {
  const names = await readdir(folder);
  if (names.includes('metrics.json')) return join(folder, 'metrics.json');
  const steps = names.map((n) => /^step_(\d+)\.safetensors$/.exec(n)).filter((m) => m !== null).map((m) => Number(m[1]));
  if (steps.length > 0) return join(folder, `step_${Math.max(...steps)}.safetensors`);
  throw new FormatError('not-found', folder, 'holds neither metrics.json (a run) nor step_<n>.safetensors checkpoints (a toy run)');
}

interface Columns {
  t: number[];
  loss: number[];
  lr?: number[];
}

async function npyColumns(path: string): Promise<Columns> {
  const tensor = await readNpy(path, { widen: true });
  const values = Array.from(tensor.data as ArrayLike<number | bigint>, Number);
  const [rows, cols = 1] = tensor.shape;
  if (tensor.shape.length === 1) return { t: values.map((_, i) => i + 1), loss: values };
  if (tensor.shape.length !== 2 || cols < 2 || cols > 3) {
    throw new FormatError('bad-shape', path, `a loss curve is [n], [n, 2] (t, loss) or [n, 3] (t, loss, lr); this array is [${tensor.shape.join(', ')}]`);
  }
  const column = (c: number) => Array.from({ length: rows }, (_, r) => values[r * cols + c]);
  return { t: column(0), loss: column(1), lr: cols === 3 ? column(2) : undefined };
}

function jsonColumns(path: string, text: string, metric: string): Columns {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FormatError('bad-json', path, `not JSON: ${(e as Error).message}`);
  }
  if (Array.isArray(json)) return arrayColumns(path, json, metric);
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    if (Array.isArray(o.records)) return recordColumns(path, o.records, metric);
    if (Array.isArray(o.history)) return recordColumns(path, o.history, metric);
    const tKey = TIME_KEYS.find((k) => Array.isArray(o[k]));
    if (tKey && Array.isArray(o[metric])) {
      return { t: (o[tKey] as unknown[]).map(Number), loss: (o[metric] as unknown[]).map(Number), lr: Array.isArray(o.lr) ? o.lr.map(Number) : undefined };
    }
  }
  throw new FormatError('bad-header', path, `found no loss curve: expected records, history, an array of [t, ${metric}] or {t: […], ${metric}: […]}`);
}

function arrayColumns(path: string, rows: unknown[], metric: string): Columns {
  if (rows.every((r) => typeof r === 'number')) return { t: rows.map((_, i) => i + 1), loss: rows as number[] };
  if (rows.every((r) => Array.isArray(r) && (r.length === 2 || r.length === 3))) {
    const pairs = rows as number[][];
    return { t: pairs.map((r) => Number(r[0])), loss: pairs.map((r) => Number(r[1])), lr: pairs.every((r) => r.length === 3) ? pairs.map((r) => Number(r[2])) : undefined };
  }
  return recordColumns(path, rows, metric);
}

function recordColumns(path: string, records: unknown[], metric: string): Columns {
  const objects = records.filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object');
  if (objects.length !== records.length) throw new FormatError('bad-header', path, 'records must be objects with a step and a loss');
  const first = objects[0] ?? {};
  const tKey = TIME_KEYS.find((k) => k in first);
  if (!tKey) throw new FormatError('bad-header', path, `records have no time field (${TIME_KEYS.join(', ')})`);
  // A toy's step-0 record has no training-batch metrics; keep the rows that carry the metric.
  const rows = objects.filter((r) => metric in r);
  if (rows.length === 0) {
    throw new FormatError('bad-header', path, `no record has '${metric}'; fields: ${Object.keys(objects.at(-1) ?? {}).join(', ')}`);
  }
  return {
    t: rows.map((r) => Number(r[tKey])),
    loss: rows.map((r) => Number(r[metric])),
    lr: rows.every((r) => 'lr' in r) ? rows.map((r) => Number(r.lr)) : undefined,
  };
}

function tableColumns(path: string, text: string, metric: string): Columns {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) throw new FormatError('truncated', path, 'the table is empty');
  const split = (line: string) => line.split(/[,\t; ]+/).filter((c) => c !== '');
  const head = split(lines[0]);
  const named = head.some((c) => !Number.isFinite(Number(c)));
  const rows = (named ? lines.slice(1) : lines).map(split);
  const index = (keys: string[]) => head.findIndex((h) => keys.includes(h.toLowerCase()));
  const [ti, li, ri] = named ? [index(TIME_KEYS), index([metric.toLowerCase()]), index(['lr', 'learning_rate'])] : [0, 1, head.length >= 3 ? 2 : -1];
  if (named && (ti < 0 || li < 0)) throw new FormatError('bad-header', path, `the header (${head.join(', ')}) needs a time column (${TIME_KEYS.join(', ')}) and '${metric}'`);
  if (!named && head.length === 1) return { t: rows.map((_, i) => i + 1), loss: rows.map((r) => Number(r[0])) };
  rows.forEach((r, i) => {
    if (r.length !== head.length) throw new FormatError('bad-shape', path, `row ${i + 1} has ${r.length} columns, the first has ${head.length}`);
  });
  return { t: rows.map((r) => Number(r[ti])), loss: rows.map((r) => Number(r[li])), lr: ri >= 0 ? rows.map((r) => Number(r[ri])) : undefined };
}

function checked(path: string, c: Columns): LossCurve {
  c.t.forEach((t, i) => {
    if (!Number.isFinite(t)) throw new FormatError('bad-shape', path, `point ${i + 1}: time ${t} is not a finite number`);
    if (!Number.isFinite(c.loss[i])) throw new FormatError('bad-shape', path, `point ${i + 1} (t = ${t}): loss ${c.loss[i]} is not a finite number`);
    if (!(c.loss[i] > 0)) throw new FormatError('bad-shape', path, `point ${i + 1} (t = ${t}): loss ${c.loss[i]} is not positive, so it has no logarithm`);
    if (i > 0 && !(t > c.t[i - 1])) throw new FormatError('bad-shape', path, `point ${i + 1}: time ${t} does not follow ${c.t[i - 1]}; times must increase`);
    if (c.lr && !(Number.isFinite(c.lr[i]) && c.lr[i] >= 0)) throw new FormatError('bad-shape', path, `point ${i + 1} (t = ${t}): learning rate ${c.lr[i]} is not a finite non-negative number`);
  });
  if (c.t.length === 0) throw new FormatError('truncated', path, 'the loss curve has no points');
  return { source: path, t: c.t, loss: c.loss, lr: c.lr };
}

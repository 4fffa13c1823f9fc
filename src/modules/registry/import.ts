// Loads an identity-registry hand-over file (one JSON object a line, contract
// section 4). The file is streamed line by line and written in batches, so a
// million lines take constant memory; a bad line is reported with its number
// and skipped, the good lines are kept.
import fs from 'node:fs';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import type { Database } from '../../db/database.js';
import { createRecordChecker } from './import-record.js';
import {
  addCounts, createRegistryImportStore, emptyCounts,
  type BadLine, type ImportCounts, type NumberedRecord,
} from './import-store.js';
import { createPostgresRegistryImportStore } from './import-store-postgres.js';

export type { BadLine, ImportCounts } from './import-store.js';

export interface ImportProgress {
  /** Lines read so far (blank lines included, so numbers match the file). */
  linesRead: number;
  badLines: number;
  bytesRead: number;
  /** The file's size, when the input is a file. */
  totalBytes: number | null;
}

export interface ImportOptions {
  /** Lines per transaction. 1 gives a transaction per line (the benchmark's baseline). */
  batchSize?: number;
  /** "Today" for dates of birth and the time stamped on new rows. */
  now?: () => Date;
  onProgress?: (progress: ImportProgress) => void;
  /** Called for every bad line as soon as it is known (not necessarily in line order). */
  onBadLine?: (bad: BadLine) => void;
  /** How many bad lines the summary keeps (all are counted and passed to onBadLine). */
  keepBadLines?: number;
}

export interface ImportSummary extends ImportCounts {
  linesRead: number;
  goodLines: number;
  badLineCount: number;
  /** The first `keepBadLines` bad lines, in line order. */
  badLines: BadLine[];
}

export const DEFAULT_BATCH_SIZE = 1000;

export async function importRegistryFile(db: Database, filePath: string, options: ImportOptions = {}): Promise<ImportSummary> {
  const totalBytes = fs.statSync(filePath).size;
  const input = fs.createReadStream(filePath);
  try {
    return await importRegistryLines(db, input, { ...options, totalBytes, bytesRead: () => input.bytesRead });
  } finally {
    input.destroy();
  }
}

export async function importRegistryLines(
  db: Database,
  input: Readable,
  options: ImportOptions & { totalBytes?: number; bytesRead?: () => number } = {},
): Promise<ImportSummary> {
  const now = options.now ?? (() => new Date());
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const keep = options.keepBadLines ?? 1000;
  // Each dialect has its fast writer; both answer alike (same counts, same refusals).
  const store = db.dialect === 'postgres' ? createPostgresRegistryImportStore(db, now) : createRegistryImportStore(db, now);
  const check = createRecordChecker(now().toISOString().slice(0, 10));

  const counts = emptyCounts();
  const kept: BadLine[] = [];
  let linesRead = 0;
  let goodLines = 0;
  let badLineCount = 0;
  let batch: NumberedRecord[] = [];

  const reportBad = (bad: BadLine) => {
    badLineCount += 1;
    if (kept.length < keep) kept.push(bad);
    options.onBadLine?.(bad);
  };
  const reportProgress = () =>
    options.onProgress?.({ linesRead, badLines: badLineCount, bytesRead: options.bytesRead?.() ?? 0, totalBytes: options.totalBytes ?? null });
  const flush = async () => {
    if (!batch.length) return;
    const outcome = await store.writeBatch(batch);
    addCounts(counts, outcome.counts);
    goodLines += batch.length - outcome.badLines.length;
    outcome.badLines.forEach(reportBad);
    batch = [];
    reportProgress();
  };

  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const read of lines) {
    linesRead += 1;
    // Exports from some tools start with a byte-order mark; it is not part of the JSON.
    const text = linesRead === 1 ? read.replace(/^\uFEFF/, '') : read;
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      reportBad({ line: linesRead, errors: ['(line): not valid JSON'] });
      continue;
    }
    const checked = check(value);
    if (!checked.ok) {
      reportBad({ line: linesRead, errors: checked.errors });
      continue;
    }
    batch.push({ line: linesRead, record: checked.record });
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  reportProgress();

  kept.sort((a, b) => a.line - b.line);
  return { linesRead, goodLines, badLineCount, badLines: kept, ...counts };
}

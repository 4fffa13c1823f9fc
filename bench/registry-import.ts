// The registry import: batched (one transaction per 1000 lines) against the
// baseline of one transaction per line, each measured on a fresh database.
// The baseline runs on a smaller sample: with synchronous=FULL every commit
// waits for the disk, and the full size would take minutes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqlite } from '../src/db/sqlite.js';
import { importRegistryFile } from '../src/modules/registry/import.js';

export interface RegistryImportBench {
  lines: number;
  batchedLinesPerSecond: number;
  baselineLines: number;
  perLineTransactionLinesPerSecond: number;
}

/** Luhn-valid IDs in order: 1 (citizen) then 8 digits of serial then the check digit. */
function idNumber(serial: number): string {
  const body = `1${String(serial).padStart(8, '0')}`;
  for (let check = 0; check <= 9; check++) {
    const candidate = `${body}${check}`;
    let total = 0;
    for (let i = 0; i < 10; i++) {
      let digit = candidate.charCodeAt(i) - 48;
      if (i % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      total += digit;
    }
    if (total % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

/** A hand-over file of `count` people; every 10th has a violation, every 5th a dependent. */
function writeSample(file: string, count: number): void {
  const out = fs.openSync(file, 'w');
  let chunk = '';
  for (let i = 1; i <= count; i++) {
    const id = idNumber(i);
    const line: Record<string, unknown> = {
      idNumber: id, name: { ar: 'شخص', en: `Person ${i}` }, dateOfBirth: '1990-01-31', gender: i % 2 ? 'M' : 'F',
      nationality: 'SA', mobile: `+9665${String(i).padStart(8, '0')}`, city: 'Riyadh',
      documents: [{ type: 'NATIONAL_ID', number: `NID-${id}`, issuedOn: '2020-01-01', expiresOn: '2030-01-01' }],
    };
    if (i % 10 === 0) {
      line.violations = [{ number: `V-${i}`, plate: `ABC ${i}`, description: { ar: 'سرعة', en: 'Speeding' }, amount: '300.00', issuedAt: '2026-10-01T09:00:00+03:00', city: 'Riyadh' }];
    }
    if (i % 5 === 0) line.dependents = [{ idNumber: idNumber(i - 1), relationship: 'CHILD' }];
    chunk += `${JSON.stringify(line)}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = '';
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
}

async function linesPerSecond(dir: string, name: string, lines: number, batchSize: number): Promise<number> {
  const file = path.join(dir, `${name}.jsonl`);
  writeSample(file, lines);
  const db = openSqlite(path.join(dir, `${name}.db`));
  try {
    const started = performance.now();
    const summary = await importRegistryFile(db, file, { batchSize });
    const seconds = (performance.now() - started) / 1000;
    if (summary.goodLines !== lines) throw new Error(`bench sample had bad lines: ${JSON.stringify(summary.badLines.slice(0, 3))}`);
    return lines / seconds;
  } finally {
    await db.close();
  }
}

export async function benchRegistryImport(lines = 100_000, baselineLines = 2_000): Promise<RegistryImportBench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-bench-import-'));
  try {
    const batchedLinesPerSecond = await linesPerSecond(dir, 'batched', lines, 1000);
    const perLineTransactionLinesPerSecond = await linesPerSecond(dir, 'per-line', baselineLines, 1);
    return { lines, batchedLinesPerSecond, baselineLines, perLineTransactionLinesPerSecond };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

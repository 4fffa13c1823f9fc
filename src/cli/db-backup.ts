// A consistent copy of the SQLite database while servers keep running:
//   npm run db:backup -- <file>
// SQLite's online backup copies page by page and starts again on the pages a
// writer changes meanwhile, so the copy is one committed state, WAL included.
// PostgreSQL is backed up with its own tools (pg_dump, base backups and WAL
// archiving for point-in-time recovery): see README, "Backups".
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig, ConfigError } from '../config.js';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  const [target, ...extra] = process.argv.slice(2);
  if (!target || extra.length) fail('usage: npm run db:backup -- <file>', 2);
  const { database } = loadConfig();
  if (database.dialect !== 'sqlite') fail('DATABASE_URL names PostgreSQL: back it up with pg_dump or a base backup (README, "Backups")', 2);
  if (!fs.existsSync(database.path)) fail(`no database at ${database.path}`, 2);
  // Never over an existing file: an old backup is not overwritten by mistake.
  if (fs.existsSync(target)) fail(`${target} exists already: choose a new file`, 2);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const source = new Database(database.path, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  const copy = new Database(target, { readonly: true });
  try {
    const check = copy.pragma('integrity_check', { simple: true });
    if (check !== 'ok') fail(`the copy failed its integrity check: ${String(check)}`, 1);
  } finally {
    copy.close();
  }
  process.stdout.write(`${JSON.stringify({ backup: path.resolve(target), bytes: fs.statSync(target).size })}\n`);
}

main().catch((error: unknown) => fail(error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error), 1));

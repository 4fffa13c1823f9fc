// npm run db:backup: a consistent copy of a SQLite database taken while the
// server keeps writing; PostgreSQL is pointed to its own tools.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';
import { registerAccount } from '../helpers/people.js';

const backup = (args: string[], env: Record<string, string>) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/db-backup.ts', ...args], { env: { ...process.env, NODE_ENV: 'test', ...env }, encoding: 'utf8' }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

let dir: string;
let platform: TestPlatform;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-backup-'));
  platform = await startTestPlatform({ DATABASE_URL: `file:${path.join(dir, 'live.db')}` });
});
afterAll(async () => {
  await platform?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run db:backup', () => {
  it('copies a live SQLite database, committed rows included, into a file that passes its integrity check', async () => {
    const account = await registerAccount(platform);
    // Writes keep coming while the copy is taken.
    const writing = Promise.all(Array.from({ length: 5 }, () => registerAccount(platform)));
    const target = path.join(dir, 'copies', 'first.db');
    const run = await backup([target], { DATABASE_URL: `file:${path.join(dir, 'live.db')}` });
    await writing;
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ backup: target, bytes: expect.any(Number) });
    const copy = new Database(target, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare('select username from accounts where username = ?').get(account.username)).toEqual({ username: account.username });
    } finally {
      copy.close();
    }
  });

  it('refuses to overwrite a file, to run without a target, and to copy PostgreSQL (pg_dump is its tool)', async () => {
    const existing = path.join(dir, 'existing.db');
    fs.writeFileSync(existing, 'keep me');
    const live = { DATABASE_URL: `file:${path.join(dir, 'live.db')}` };
    const [overwrite, noTarget, postgres] = await Promise.all([
      backup([existing], live),
      backup([], live),
      backup([path.join(dir, 'pg.db')], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }),
    ]);
    expect(overwrite).toMatchObject({ code: 2, stderr: expect.stringContaining('exists already') });
    expect(fs.readFileSync(existing, 'utf8')).toBe('keep me');
    expect(noTarget).toMatchObject({ code: 2, stderr: expect.stringContaining('usage:') });
    expect(postgres).toMatchObject({ code: 2, stderr: expect.stringContaining('pg_dump') });
    expect(fs.existsSync(path.join(dir, 'pg.db'))).toBe(false);
  }, 60_000);
});

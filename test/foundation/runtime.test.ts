// Durability settings, graceful shutdown and log redaction.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '../../src/db/connection.js';
import { createLogger } from '../../src/server/logger.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'absher-runtime-'));

describe('the database', () => {
  it('runs with WAL, synchronous=FULL, foreign keys and a busy timeout, migrated', () => {
    const dir = tempDir();
    const db = openMigratedDatabase(path.join(dir, 'settings.db'));
    const pragma = (name: string) => db.$client.pragma(name, { simple: true });
    expect(pragma('journal_mode')).toBe('wal');
    expect(pragma('synchronous')).toBe(2);
    expect(pragma('foreign_keys')).toBe(1);
    expect(pragma('busy_timeout')).toBeGreaterThan(0);
    const tables = db.$client.prepare(`select name from sqlite_master where type = 'table'`).all() as Array<{ name: string }>;
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['accounts', 'registry_persons', 'bills', '__drizzle_migrations']));
    expect(() => db.$client.prepare(`insert into accounts (person_id_number, username, username_key, email, password_hash, tokens_valid_after, created_at) values ('9', 'x', 'x', 'x', 'x', 0, 0)`).run()).toThrow(/FOREIGN KEY/);
    db.$client.close();
    // A second open (another process, say) finds nothing left to migrate.
    const again = openMigratedDatabase(path.join(dir, 'settings.db'));
    again.$client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('graceful shutdown', () => {
  it('finishes the request in flight on SIGTERM and exits 0', async () => {
    // The probe runs in its own process and drives the server as a real child
    // process; async so the test worker keeps answering the runner meanwhile.
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/fixtures/shutdown-probe.ts'], { encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(run.stdout)).toEqual({
      status: 200,
      body: { data: { signIn: { userErrors: [{ code: 'INVALID_CREDENTIALS' }] } } },
      exitCode: 0,
      shutdownLogged: true,
    });
  }, 60_000);
});

describe('logs', () => {
  it('redact passwords, codes, tokens and ID numbers wherever they sit', () => {
    let written = '';
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination: sink });
    logger.info({ input: { password: 'CANARY-PASSWORD', idNumber: 'CANARY-ID', code: 'CANARY-CODE' }, refreshToken: 'CANARY-REFRESH', req: { headers: { authorization: 'Bearer CANARY-BEARER' } } }, 'an event');
    logger.info({ variables: { newPassword: 'CANARY-NEW' }, deep: { session: { accessToken: 'CANARY-ACCESS' } } }, 'another');
    expect(written).toContain('an event');
    expect(written).not.toMatch(/CANARY/);
  });
});

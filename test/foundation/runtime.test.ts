// Durability settings, graceful shutdown and log redaction.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMigratedDatabase } from '../../src/db/connection.js';
import { capturedLog } from '../helpers/captured-log.js';

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

describe('audit trails', () => {
  it('can be appended to but never changed or removed, even with plain SQL', () => {
    const dir = tempDir();
    const db = openMigratedDatabase(path.join(dir, 'audit.db'));
    const sql = db.$client;
    sql.prepare(`insert into registry_persons (id_number, kind, name_ar, name_en, date_of_birth, gender, nationality, mobile, city, updated_at) values ('1000000008', 'CITIZEN', 'أ', 'A', '1990-01-01', 'M', 'SA', '+966500000000', 'Riyadh', 0)`).run();
    sql.prepare(`insert into access_log (person_id_number, accessor_kind, accessor_id, accessor_name, purpose, data_category, occurred_at) values ('1000000008', 'PARTNER', 'bank', 'A bank', 'KYC', 'DOCUMENT_VERIFICATION', 0)`).run();
    expect(() => sql.prepare(`update access_log set accessor_name = 'someone else'`).run()).toThrow(/append-only/);
    expect(() => sql.prepare(`delete from access_log`).run()).toThrow(/append-only/);
    sql.prepare(`insert into accounts (person_id_number, username, username_key, email, password_hash, tokens_valid_after, created_at) values ('1000000008', 'a', 'a', 'a@b.sa', 'x', 0, 0)`).run();
    sql.prepare(`insert into security_events (account_id, type, device, occurred_at) values (1, 'SIGN_IN', 'test', 0)`).run();
    expect(() => sql.prepare(`update security_events set type = 'PASSWORD_CHANGED'`).run()).toThrow(/append-only/);
    expect(() => sql.prepare(`delete from security_events`).run()).toThrow(/append-only/);
    expect(sql.prepare(`select count(*) as n from access_log`).get()).toEqual({ n: 1 });
    expect(sql.prepare(`select count(*) as n from security_events`).get()).toEqual({ n: 1 });
    // The delegation action log carries the same two triggers.
    const triggers = sql.prepare(`select name from sqlite_master where type = 'trigger' and tbl_name = 'delegation_actions'`).all();
    expect(triggers).toEqual(expect.arrayContaining([{ name: 'delegation_actions_append_only_update' }, { name: 'delegation_actions_append_only_delete' }]));
    sql.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('graceful shutdown', () => {
  it('through npm start in production: SIGTERM to npm reaches the server, which turns unready, answers what comes during the delay and the request in flight, and exits 0', async () => {
    // The probe runs in its own process and drives `npm start` as a real child
    // process; async so the test worker keeps answering the runner meanwhile.
    // Compiling on the first start makes this slow on a busy machine.
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/fixtures/shutdown-probe.ts'], { encoding: 'utf8', timeout: 180_000 });
    expect(JSON.parse(run.stdout)).toEqual({
      status: 200,
      body: { data: { signIn: { userErrors: [{ code: 'INVALID_CREDENTIALS' }] } }, extensions: { cost: expect.any(Object) } },
      npmExitCode: 0,
      stillRunningWhenSignalled: true,
      readyzWhileDraining: { status: 503, body: { status: 'unavailable', reason: 'draining' } },
      lateRequest: { status: 200, answered: true },
      serverGone: true,
      serverWasNotNpm: true,
    });
  }, 180_000);
});

describe('logs', () => {
  it('redact passwords, codes, tokens and ID numbers wherever they sit', () => {
    const { logger, text } = capturedLog('info');
    logger.info({ input: { password: 'CANARY-PASSWORD', idNumber: 'CANARY-ID', code: 'CANARY-CODE' }, refreshToken: 'CANARY-REFRESH', req: { headers: { authorization: 'Bearer CANARY-BEARER' } } }, 'an event');
    logger.info({ variables: { newPassword: 'CANARY-NEW' }, deep: { session: { accessToken: 'CANARY-ACCESS' } } }, 'another');
    expect(text()).toContain('an event');
    expect(text()).not.toMatch(/CANARY/);
  });
});

// Durability settings, graceful shutdown and log redaction.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import type { Database } from '../../src/db/database.js';
import type { SqliteDatabase } from '../../src/db/sqlite.js';
import { capturedLog } from '../helpers/captured-log.js';
import { createTestDatabase, testDialect } from '../helpers/test-database.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'absher-runtime-'));

/** A fresh database of the dialect under test, opened (and migrated) as the server opens it. */
async function withDatabase(work: (db: Database, url: string) => Promise<void>): Promise<void> {
  const dir = tempDir();
  const created = await createTestDatabase(dir);
  const db = await openDatabase(loadConfig({ DATABASE_URL: created.url }).database);
  try {
    await work(db, created.url);
  } finally {
    await db.close();
    await created.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const tableNames = (db: Database) =>
  db.dialect === 'sqlite'
    ? db.rows<{ name: string }>(db.read, sql`select name from sqlite_master where type = 'table'`)
    : db.rows<{ name: string }>(db.read, sql`select table_name as name from information_schema.tables where table_schema = 'public'`);

describe('the database', () => {
  it.runIf(testDialect === 'sqlite')('runs SQLite with WAL, synchronous=FULL, foreign keys and a busy timeout, migrated', async () => {
    await withDatabase(async (db) => {
      const client = (db as SqliteDatabase).writer.$client;
      const pragma = (name: string) => client.pragma(name, { simple: true });
      expect(pragma('journal_mode')).toBe('wal');
      expect(pragma('synchronous')).toBe(2);
      expect(pragma('foreign_keys')).toBe(1);
      expect(pragma('busy_timeout')).toBeGreaterThan(0);
    });
  });

  it('is migrated, enforces foreign keys, and a second open finds nothing left to migrate', async () => {
    await withDatabase(async (db, url) => {
      expect((await tableNames(db)).map((t) => t.name)).toEqual(expect.arrayContaining(['accounts', 'registry_persons', 'bills', 'job_leases']));
      await expect(
        db.atomically((tx) => db.exec(tx, sql`insert into accounts (person_id_number, username, username_key, email, password_hash, tokens_valid_after, created_at) values ('9', 'x', 'x', 'x', 'x', 0, 0)`)),
      ).rejects.toThrow();
      // Another process opening the same database (the import beside the server, a second instance).
      const again = await openDatabase(loadConfig({ DATABASE_URL: url }).database);
      expect(await again.ping()).toBe(true);
      await again.close();
    });
  });

  it('rolls a transaction back whole when its work fails half-way', async () => {
    await withDatabase(async (db) => {
      const person = sql`insert into registry_persons (id_number, kind, name_ar, name_en, date_of_birth, gender, nationality, mobile, city, updated_at) values ('1000000008', 'CITIZEN', 'أ', 'A', '1990-01-01', 'M', 'SA', '+966500000000', 'Riyadh', 0)`;
      await expect(
        db.atomically(async (tx) => {
          await db.exec(tx, person);
          throw new Error('half-way');
        }),
      ).rejects.toThrow('half-way');
      expect(await db.rows(db.read, sql`select id_number from registry_persons`)).toEqual([]);
    });
  });
});

describe('audit trails', () => {
  it('can be appended to but never changed or removed, even with plain SQL', async () => {
    await withDatabase(async (db) => {
      const run = (statement: ReturnType<typeof sql>) => db.atomically((tx) => db.exec(tx, statement));
      // The database's own words, under the driver's wrapping of them.
      const refusal = (statement: ReturnType<typeof sql>) =>
        run(statement).then(
          () => 'accepted',
          (error: unknown) => {
            const messages: string[] = [];
            for (let e: unknown = error; e instanceof Error; e = e.cause) messages.push(e.message);
            return messages.join(' | ');
          },
        );
      const count = async (table: string) => Number((await db.rows<{ n: unknown }>(db.read, sql.raw(`select count(*) as n from ${table}`)))[0]!.n);
      await run(sql`insert into registry_persons (id_number, kind, name_ar, name_en, date_of_birth, gender, nationality, mobile, city, updated_at) values ('1000000008', 'CITIZEN', 'أ', 'A', '1990-01-01', 'M', 'SA', '+966500000000', 'Riyadh', 0)`);
      await run(sql`insert into access_log (person_id_number, accessor_kind, accessor_id, accessor_name, purpose, data_category, occurred_at) values ('1000000008', 'PARTNER', 'bank', 'A bank', 'KYC', 'DOCUMENT_VERIFICATION', 0)`);
      expect(await refusal(sql`update access_log set accessor_name = 'someone else'`)).toMatch(/append-only/);
      expect(await refusal(sql`delete from access_log`)).toMatch(/append-only/);
      await run(sql`insert into accounts (person_id_number, username, username_key, email, password_hash, tokens_valid_after, created_at) values ('1000000008', 'a', 'a', 'a@b.sa', 'x', 0, 0)`);
      const [account] = await db.rows<{ id: number }>(db.read, sql`select id from accounts`);
      await run(sql`insert into security_events (account_id, type, device, occurred_at) values (${account!.id}, 'SIGN_IN', 'test', 0)`);
      expect(await refusal(sql`update security_events set type = 'PASSWORD_CHANGED'`)).toMatch(/append-only/);
      expect(await refusal(sql`delete from security_events`)).toMatch(/append-only/);
      expect(await count('access_log')).toBe(1);
      expect(await count('security_events')).toBe(1);
      // The delegation action log is guarded the same way.
      await run(sql`insert into delegations (kind, grantor_id_number, grantee_id_number, subject, valid_from, valid_until, status, created_at) values ('VEHICLE_DRIVING', '1000000008', '1000000008', 'ABC 1234', '2026-01-01', '2026-12-31', 'ACTIVE', 0)`);
      const [delegation] = await db.rows<{ id: number }>(db.read, sql`select id from delegations`);
      await run(sql`insert into delegation_actions (delegation_id, actor_account_id, on_behalf_of_id_number, action, occurred_at) values (${delegation!.id}, ${account!.id}, '1000000008', 'DROVE', 0)`);
      expect(await refusal(sql`update delegation_actions set action = 'NOTHING'`)).toMatch(/append-only/);
      expect(await refusal(sql`delete from delegation_actions`)).toMatch(/append-only/);
      expect(await count('delegation_actions')).toBe(1);
    });
  });
});

// Dialect-blind, and it builds dist/: run once, in the sqlite project, so two
// builds never write the same files at once.
describe.runIf(testDialect === 'sqlite')('graceful shutdown', () => {
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

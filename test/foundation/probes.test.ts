// Liveness and readiness for orchestrators: /livez while the process answers,
// /readyz only while the database answers, is fully migrated and the server
// is not shutting down. /healthz keeps the contract's meaning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { pendingMigrations, readMigrationJournal } from '../../src/server/migration-status.js';
import { startTestPlatform, type TestPlatform } from '../helpers/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform.stop();
});

const probe = async (path: string) => {
  const response = await fetch(`${platform.url}${path}`);
  return { status: response.status, body: await response.json() };
};

describe('the migration check', () => {
  const journal = [
    { tag: '0000_first', when: 100 },
    { tag: '0001_second', when: 200 },
  ];

  it('names the migrations the database has not recorded', () => {
    expect(pendingMigrations(journal, [100, 200])).toEqual([]);
    expect(pendingMigrations(journal, [100])).toEqual(['0001_second']);
    expect(pendingMigrations(journal, [])).toEqual(['0000_first', '0001_second']);
  });

  it('reads the journal this build ships with', () => {
    const shipped = readMigrationJournal(platform.db.dialect);
    expect(shipped.length).toBeGreaterThan(0);
    expect(shipped[0]).toEqual({ tag: expect.stringMatching(/^0000_/), when: expect.any(Number) });
  });
});

describe('a running server', () => {
  it('is alive, ready and healthy', async () => {
    expect(await probe('/livez')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await probe('/readyz')).toEqual({ status: 200, body: { status: 'ready' } });
    expect(await probe('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('is not ready while a migration of this build is missing from the database', async () => {
    const { db } = platform;
    // drizzle's migrator keeps its table in the `drizzle` schema on PostgreSQL.
    const table = sql.raw(db.dialect === 'postgres' ? 'drizzle.__drizzle_migrations' : '__drizzle_migrations');
    const [last] = await db.rows<{ hash: string; created_at: number }>(db.read, sql`select hash, created_at from ${table} order by created_at desc limit 1`);
    const removed = await db.atomically((tx) => db.rows(tx, sql`delete from ${table} where created_at = ${last!.created_at} returning 1`));
    expect(removed).toHaveLength(1);
    try {
      expect(await probe('/readyz')).toEqual({ status: 503, body: { status: 'unavailable', reason: 'migrations pending' } });
      // Alive all the same: restarting would not help, migrating would.
      expect((await probe('/livez')).status).toBe(200);
    } finally {
      await db.atomically((tx) => db.exec(tx, sql`insert into ${table} (hash, created_at) values (${last!.hash}, ${last!.created_at})`));
    }
    expect((await probe('/readyz')).status).toBe(200);
  });

  it('answers 503 on /readyz once draining, while still serving requests', async () => {
    platform.startDraining();
    expect(await probe('/readyz')).toEqual({ status: 503, body: { status: 'unavailable', reason: 'draining' } });
    expect((await probe('/livez')).status).toBe(200);
    const answer = await platform.gql<{ apiInfo: { version: string } }>('{ apiInfo { version } }');
    expect(answer.data.apiInfo.version).toEqual(expect.any(String));
  });
});

describe('a server whose database is gone', () => {
  let broken: TestPlatform;
  beforeAll(async () => {
    broken = await startTestPlatform();
  });
  afterAll(async () => {
    await broken.stop();
  });

  it('is alive but neither ready nor healthy', async () => {
    await broken.db.close();
    const at = (path: string) => fetch(`${broken.url}${path}`).then(async (response) => ({ status: response.status, body: await response.json() }));
    expect(await at('/livez')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await at('/readyz')).toEqual({ status: 503, body: { status: 'unavailable', reason: 'database unreachable' } });
    expect(await at('/healthz')).toEqual({ status: 503, body: { status: 'unavailable' } });
  });
});

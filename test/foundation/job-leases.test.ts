// Background jobs run in every instance; their lease in the database lets one
// run at a time, whichever instance, and frees the job when its holder ends
// or dies.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/open.js';
import type { Database } from '../../src/db/database.js';
import { createJobLeases } from '../../src/modules/jobs/leases.js';
import { jobLeases } from '../../src/modules/jobs/tables.js';
import { createTestDatabase, testDialect, type TestDatabase } from '../helpers/test-database.js';

let dir: string;
let database: TestDatabase;
// Two connections to one database, as two instances hold. On SQLite one
// process keeps one writer (a second in the same process would wait for the
// first while blocking it): the holders share it there, and two processes
// sharing a file are shown by instances.test.ts.
let first: Database;
let second: Database;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-leases-'));
  database = await createTestDatabase(dir);
  first = await openDatabase(loadConfig({ DATABASE_URL: database.url }).database);
  second = testDialect === 'sqlite' ? first : await openDatabase(loadConfig({ DATABASE_URL: database.url }).database);
});
afterAll(async () => {
  await first?.close();
  if (second !== first) await second?.close();
  await database?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('job leases', () => {
  it('let one instance run a job while the other skips it, then either may run it again', async () => {
    const a = createJobLeases(first, 'instance-a');
    const b = createJobLeases(second, 'instance-b');
    const ran: string[] = [];
    let finish!: () => void;
    const running = a.runExclusive('refunds', 60_000, async () => {
      ran.push('a');
      await new Promise<void>((resolve) => (finish = resolve));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await b.runExclusive('refunds', 60_000, async () => void ran.push('b'))).toBe(false);
    // Another job is free meanwhile.
    expect(await b.runExclusive('reminders', 60_000, async () => void ran.push('b-reminders'))).toBe(true);
    finish();
    expect(await running).toBe(true);
    expect(await b.runExclusive('refunds', 60_000, async () => void ran.push('b'))).toBe(true);
    expect(ran).toEqual(['a', 'b-reminders', 'b']);
  });

  it('free the job when its run fails, and when a holder that died lets its lease lapse', async () => {
    const a = createJobLeases(first, 'instance-a');
    const b = createJobLeases(second, 'instance-b');
    await expect(a.runExclusive('fees', 60_000, async () => Promise.reject(new Error('gateway down')))).rejects.toThrow('gateway down');
    expect(await b.runExclusive('fees', 60_000, async () => undefined)).toBe(true);
    // A holder killed mid-run leaves its row behind: held until the lease ends.
    await first.atomically((tx) => tx.insert(jobLeases).values({ name: 'settle', holder: 'dead-instance', leaseUntil: new Date(Date.now() + 60_000) }));
    expect(await b.runExclusive('settle', 60_000, async () => undefined)).toBe(false);
    await first.atomically((tx) => tx.update(jobLeases).set({ leaseUntil: new Date(Date.now() - 1) }).where(eq(jobLeases.name, 'settle')));
    expect(await b.runExclusive('settle', 60_000, async () => undefined)).toBe(true);
  });

  it('give a job to exactly one of many instances asking at once', async () => {
    const holders = Array.from({ length: 10 }, (_, i) => createJobLeases(i % 2 ? second : first, `instance-${i}`));
    let runs = 0;
    const results = await Promise.all(
      holders.map((leases) =>
        leases.runExclusive('monthly-fees', 60_000, async () => {
          runs += 1;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(runs).toBe(1);
  });
});

// Reading an account by ID: our prepared statement against the same query
// built and prepared on every call (the baseline drizzle gives without .prepare()).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { first } from '../src/db/database.js';
import { openSqlite } from '../src/db/sqlite.js';
import { createIdentityStore } from '../src/modules/identity/store.js';
import { accounts } from '../src/modules/identity/tables.js';
import { registryPersons } from '../src/modules/registry/tables.js';

export async function benchPreparedQueries(iterations = 50_000): Promise<{ preparedPerSecond: number; unpreparedPerSecond: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-bench-'));
  const db = openSqlite(path.join(dir, 'bench.db'));
  const id = await db.atomically(async (tx) => {
    await tx.insert(registryPersons).values({ idNumber: '1000000008', kind: 'CITIZEN', nameAr: 'أ', nameEn: 'A', dateOfBirth: '1990-01-01', gender: 'M', nationality: 'SA', mobile: '+966500000001', city: 'Riyadh', updatedAt: new Date() });
    const [account] = await tx.insert(accounts).values({ personIdNumber: '1000000008', username: 'a', usernameKey: 'a', email: 'a@example.sa', passwordHash: 'x', tokensValidAfter: new Date(), createdAt: new Date() }).returning();
    return account!.id;
  });
  const store = createIdentityStore(db);

  const timeOf = async (work: () => unknown) => {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) await work();
    return iterations / ((performance.now() - started) / 1000);
  };
  const unpreparedPerSecond = await timeOf(() => first(db.read.select().from(accounts).where(eq(accounts.id, id))));
  const preparedPerSecond = await timeOf(() => store.findAccount(id));
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { preparedPerSecond, unpreparedPerSecond };
}

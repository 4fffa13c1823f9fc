// Reading an account by ID: our prepared statement against the same query
// built and prepared on every call (the baseline drizzle gives without .prepare()).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { openMigratedDatabase } from '../src/db/connection.js';
import { createIdentityStore } from '../src/modules/identity/store.js';
import { accounts } from '../src/modules/identity/tables.js';
import { registryPersons } from '../src/modules/registry/tables.js';

export async function benchPreparedQueries(iterations = 50_000): Promise<{ preparedPerSecond: number; unpreparedPerSecond: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-bench-'));
  const db = openMigratedDatabase(path.join(dir, 'bench.db'));
  db.insert(registryPersons).values({ idNumber: '1000000008', kind: 'CITIZEN', nameAr: 'أ', nameEn: 'A', dateOfBirth: '1990-01-01', gender: 'M', nationality: 'SA', mobile: '+966500000001', city: 'Riyadh', updatedAt: new Date() }).run();
  const { id } = db.insert(accounts).values({ personIdNumber: '1000000008', username: 'a', usernameKey: 'a', email: 'a@example.sa', passwordHash: 'x', tokensValidAfter: new Date(), createdAt: new Date() }).returning().get();
  const store = createIdentityStore(db);

  const timeOf = async (work: () => unknown) => {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) await work();
    return iterations / ((performance.now() - started) / 1000);
  };
  const unpreparedPerSecond = await timeOf(() => db.select().from(accounts).where(eq(accounts.id, id)).get());
  const preparedPerSecond = await timeOf(() => store.findAccount(id));
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { preparedPerSecond, unpreparedPerSecond };
}

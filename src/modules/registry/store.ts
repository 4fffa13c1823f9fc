// Reads of the identity registry. The import writes through ./import-store.ts.
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { registryPersons, type RegistryPersonRow } from './tables.js';

export function createRegistryStore(db: Db) {
  const personById = db.select().from(registryPersons).where(eq(registryPersons.idNumber, sql.placeholder('idNumber'))).prepare();
  return {
    async findPerson(idNumber: string): Promise<RegistryPersonRow | undefined> {
      return personById.get({ idNumber });
    },
    async findPersons(idNumbers: readonly string[]): Promise<RegistryPersonRow[]> {
      return db.select().from(registryPersons).where(inArray(registryPersons.idNumber, [...idNumbers])).all();
    },
  };
}

export type RegistryStore = ReturnType<typeof createRegistryStore>;

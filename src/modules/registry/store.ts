// Reads of the identity registry. The import writes through ./import-store.ts.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { registryDocuments, registryPersons, type RegistryDocumentRow, type RegistryPersonRow } from './tables.js';

export function createRegistryStore(db: Db) {
  const personById = db.select().from(registryPersons).where(eq(registryPersons.idNumber, sql.placeholder('idNumber'))).prepare();
  const documentOfPerson = db
    .select()
    .from(registryDocuments)
    .where(and(eq(registryDocuments.personIdNumber, sql.placeholder('idNumber')), eq(registryDocuments.number, sql.placeholder('number'))))
    .prepare();
  return {
    async findPerson(idNumber: string): Promise<RegistryPersonRow | undefined> {
      return personById.get({ idNumber });
    },
    /** The person's document with this number, if the two belong together. */
    async findDocumentOfPerson(idNumber: string, number: string): Promise<RegistryDocumentRow | undefined> {
      return documentOfPerson.get({ idNumber, number });
    },
    async findPersons(idNumbers: readonly string[]): Promise<RegistryPersonRow[]> {
      return db.select().from(registryPersons).where(inArray(registryPersons.idNumber, [...idNumbers])).all();
    },
  };
}

export type RegistryStore = ReturnType<typeof createRegistryStore>;

// Reads of the identity registry. The import writes through ./import-store.ts.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { registryDocuments, registryParentage, registryPersons, registryVehicles, type RegistryDocumentRow, type RegistryPersonRow } from './tables.js';

type RegistryVehicleRow = typeof registryVehicles.$inferSelect;

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
    async findVehicle(plate: string): Promise<RegistryVehicleRow | undefined> {
      return db.select().from(registryVehicles).where(eq(registryVehicles.plate, plate)).get();
    },
    /** The parents the child's birth record names (ID numbers); empty when it names none. */
    async parentsOf(childIdNumber: string): Promise<string[]> {
      const rows = await db
        .select({ parentIdNumber: registryParentage.parentIdNumber })
        .from(registryParentage)
        .where(eq(registryParentage.childIdNumber, childIdNumber))
        .all();
      return rows.map((row) => row.parentIdNumber);
    },
    async findPersons(idNumbers: readonly string[]): Promise<RegistryPersonRow[]> {
      return db.select().from(registryPersons).where(inArray(registryPersons.idNumber, [...idNumbers])).all();
    },
  };
}

export type RegistryStore = ReturnType<typeof createRegistryStore>;

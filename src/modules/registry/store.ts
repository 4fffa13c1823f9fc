// Reads of the identity registry. The import writes through ./import-store.ts.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { first, prepared, type Database } from '../../db/database.js';
import { registryDocuments, registryParentage, registryPersons, registryVehicles, type RegistryDocumentRow, type RegistryPersonRow } from './tables.js';

type RegistryVehicleRow = typeof registryVehicles.$inferSelect;

export function createRegistryStore(db: Database) {
  const read = db.read;
  // The two reads every sign-in and partner check makes, prepared once.
  const personById = prepared<RegistryPersonRow>(
    read.select().from(registryPersons).where(eq(registryPersons.idNumber, sql.placeholder('idNumber'))),
    'registry_person_by_id',
  );
  const documentOfPerson = prepared<RegistryDocumentRow>(
    read
      .select()
      .from(registryDocuments)
      .where(and(eq(registryDocuments.personIdNumber, sql.placeholder('idNumber')), eq(registryDocuments.number, sql.placeholder('number')))),
    'registry_document_of_person',
  );
  return {
    async findPerson(idNumber: string): Promise<RegistryPersonRow | undefined> {
      return first(personById({ idNumber }));
    },
    /** The person's document with this number, if the two belong together. */
    async findDocumentOfPerson(idNumber: string, number: string): Promise<RegistryDocumentRow | undefined> {
      return first(documentOfPerson({ idNumber, number }));
    },
    async findVehicle(plate: string): Promise<RegistryVehicleRow | undefined> {
      return first(read.select().from(registryVehicles).where(eq(registryVehicles.plate, plate)));
    },
    /** The parents the child's birth record names (ID numbers); empty when it names none. */
    async parentsOf(childIdNumber: string): Promise<string[]> {
      const rows = await read
        .select({ parentIdNumber: registryParentage.parentIdNumber })
        .from(registryParentage)
        .where(eq(registryParentage.childIdNumber, childIdNumber));
      return rows.map((row) => row.parentIdNumber);
    },
    async findPersons(idNumbers: readonly string[]): Promise<RegistryPersonRow[]> {
      return read.select().from(registryPersons).where(inArray(registryPersons.idNumber, [...idNumbers]));
    },
  };
}

export type RegistryStore = ReturnType<typeof createRegistryStore>;

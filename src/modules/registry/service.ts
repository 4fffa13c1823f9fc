// The registry as other modules see it: who a person is, checked against the
// government's records.
import type { RegistryPersonRow } from './tables.js';
import type { RegistryStore } from './store.js';
import { isValidIdNumber } from './id-number.js';

export function createRegistryService(store: RegistryStore) {
  return {
    findPerson: (idNumber: string) => store.findPerson(idNumber),
    findPersons: (idNumbers: readonly string[]) => store.findPersons(idNumbers),
    /** The vehicle the registry records under this plate, with its owner. */
    findVehicle: (plate: string) => store.findVehicle(plate),
    findDocumentOfPerson: (idNumber: string, number: string) => store.findDocumentOfPerson(idNumber, number),
    /** The parents the child's birth record names: the only people who may register the birth. */
    parentsOf: (childIdNumber: string) => store.parentsOf(childIdNumber),
    /** The registry's person when the ID is well formed and the date of birth matches; else null. */
    async matchPerson(idNumber: string, dateOfBirth: string): Promise<RegistryPersonRow | null> {
      if (!isValidIdNumber(idNumber)) return null;
      const person = await store.findPerson(idNumber);
      return person && person.dateOfBirth === dateOfBirth ? person : null;
    },
  };
}

export type RegistryService = ReturnType<typeof createRegistryService>;

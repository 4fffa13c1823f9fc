// The registry import's writer: the only code that writes registry tables
// while a hand-over file is loaded. Lines are written in batches, one
// transaction per batch (`atomically`: on SQLite an immediate transaction on
// the writer connection, queued behind this process's other transactions,
// while a second process waits on the lock instead of failing); each line
// runs in its own savepoint so a line refused half-way leaves nothing behind
// while its neighbours are kept. Every write is an upsert or an
// insert-if-absent, so loading the same file twice changes nothing.
//
// This is SQLite's fast path: raw statements on the writer connection,
// prepared once and reused (a million lines must not re-plan SQL), run
// synchronously inside the batch's transaction.
import type { Database } from '../../db/database.js';
import type { SqliteDatabase } from '../../db/sqlite.js';
import { preparedBillCreation } from '../payments/bills-store.js';
import type { RegistryRecord } from './import-record.js';

export interface ImportCounts {
  personsInserted: number;
  personsUpdated: number;
  documentsInserted: number;
  documentsUpdated: number;
  vehiclesInserted: number;
  vehiclesUpdated: number;
  violationsInserted: number;
  billsCreated: number;
  familyLinksInserted: number;
  parentageInserted: number;
}

export function emptyCounts(): ImportCounts {
  return {
    personsInserted: 0, personsUpdated: 0, documentsInserted: 0, documentsUpdated: 0, vehiclesInserted: 0,
    vehiclesUpdated: 0, violationsInserted: 0, billsCreated: 0, familyLinksInserted: 0, parentageInserted: 0,
  };
}

export function addCounts(into: ImportCounts, more: ImportCounts): void {
  for (const key of Object.keys(into) as Array<keyof ImportCounts>) into[key] += more[key];
}

export interface NumberedRecord {
  line: number;
  record: RegistryRecord;
}

export interface BadLine {
  line: number;
  errors: string[];
}

export interface BatchOutcome {
  counts: ImportCounts;
  badLines: BadLine[];
}

/** A line that cannot be written as it stands (its savepoint is rolled back). */
class LineRefused extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('; '));
  }
}

export function createRegistryImportStore(db: Database, now: () => Date = () => new Date()) {
  if (db.dialect !== 'sqlite') throw new Error('the SQLite registry writer needs a SQLite database (PostgreSQL has import-store-postgres.ts)');
  const { writer } = db as SqliteDatabase;
  const sqlite = writer.$client;
  const personExists = sqlite.prepare('SELECT 1 FROM registry_persons WHERE id_number = ?').pluck();
  // Only a real change moves updated_at: a re-import of the same file is a no-op.
  const upsertPerson = sqlite.prepare(`
    INSERT INTO registry_persons (id_number, kind, name_ar, name_en, date_of_birth, gender, nationality, mobile, city, updated_at)
    VALUES (@idNumber, @kind, @nameAr, @nameEn, @dateOfBirth, @gender, @nationality, @mobile, @city, @updatedAt)
    ON CONFLICT (id_number) DO UPDATE SET
      name_ar = excluded.name_ar, name_en = excluded.name_en, date_of_birth = excluded.date_of_birth,
      gender = excluded.gender, nationality = excluded.nationality, mobile = excluded.mobile,
      city = excluded.city, updated_at = excluded.updated_at
    WHERE name_ar IS NOT excluded.name_ar OR name_en IS NOT excluded.name_en OR date_of_birth IS NOT excluded.date_of_birth
       OR gender IS NOT excluded.gender OR nationality IS NOT excluded.nationality OR mobile IS NOT excluded.mobile
       OR city IS NOT excluded.city`);
  const documentByTypeNumber = sqlite.prepare<[string, string], { id: number; owner: string; expiresOn: string }>(
    'SELECT id, person_id_number AS owner, expires_on AS expiresOn FROM registry_documents WHERE type = ? AND number = ?',
  );
  const insertDocument = sqlite.prepare(
    'INSERT INTO registry_documents (person_id_number, type, number, issued_on, expires_on) VALUES (?, ?, ?, ?, ?)',
  );
  const updateDocumentValidity = sqlite.prepare('UPDATE registry_documents SET issued_on = ?, expires_on = ? WHERE id = ?');
  const upsertVehicle = sqlite.prepare(`
    INSERT INTO registry_vehicles (owner_id_number, plate, make, model, year) VALUES (@owner, @plate, @make, @model, @year)
    ON CONFLICT (plate) DO UPDATE SET owner_id_number = excluded.owner_id_number, make = excluded.make, model = excluded.model, year = excluded.year
    WHERE owner_id_number IS NOT excluded.owner_id_number OR make IS NOT excluded.make OR model IS NOT excluded.model OR year IS NOT excluded.year`);
  const vehicleExists = sqlite.prepare('SELECT 1 FROM registry_vehicles WHERE plate = ?').pluck();
  const insertViolation = sqlite
    .prepare<unknown[], number>(`
      INSERT INTO traffic_violations (number, person_id_number, plate, description_ar, description_en, amount_halalas, issued_at, city, status)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'UNPAID')
      ON CONFLICT (number) DO NOTHING
      RETURNING id`)
    .pluck();
  // Raw savepoints, prepared once: drizzle's nested transaction re-prepares
  // its SAVEPOINT text on every line, a third of the import's time.
  const statement = (text: string) => {
    const prepared = sqlite.prepare(text);
    // eslint-disable-next-line no-restricted-syntax -- better-sqlite3's own statement, on this SQLite-only path
    return () => void prepared.run();
  };
  const beginLine = statement('SAVEPOINT registry_import_line');
  const keepLine = statement('RELEASE registry_import_line');
  const undoLine = statement('ROLLBACK TO registry_import_line');
  const linkFamily = sqlite.prepare(
    'INSERT INTO registry_family_links (guardian_id_number, dependent_id_number, relationship) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );

  const recordParent = sqlite.prepare(
    'INSERT INTO registry_parentage (child_id_number, parent_id_number) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  // A new violation's bill is written with it, through the payments module.
  const bills = preparedBillCreation(writer);

  function writeRecord(record: RegistryRecord, at: Date): ImportCounts {
    const counts = emptyCounts();
    const problems: string[] = [];
    // Checked before anything is written: a dependent must already be known
    // (earlier in the file, this batch included, or loaded before).
    record.dependents.forEach((dependent, index) => {
      if (!personExists.get(dependent.idNumber)) {
        problems.push(`dependents.${index}.idNumber: not in the registry (the person must come earlier in the file or be loaded already)`);
      }
    });
    record.parents.forEach((parent, index) => {
      if (!personExists.get(parent)) {
        problems.push(`parents.${index}: not in the registry (the parent must come earlier in the file or be loaded already)`);
      }
    });
    const existingDocuments = record.documents.map((document, index) => {
      const existing = documentByTypeNumber.get(document.type, document.number);
      if (existing && existing.owner !== record.idNumber) problems.push(`documents.${index}.number: already belongs to another person`);
      return existing;
    });
    if (problems.length) throw new LineRefused(problems);

    const existed = personExists.get(record.idNumber) !== undefined;
    const written = upsertPerson.run({
      idNumber: record.idNumber, kind: record.kind, nameAr: record.name.ar, nameEn: record.name.en,
      dateOfBirth: record.dateOfBirth, gender: record.gender, nationality: record.nationality, mobile: record.mobile,
      city: record.city, updatedAt: at.getTime(),
    });
    if (!existed) counts.personsInserted += 1;
    else if (written.changes > 0) counts.personsUpdated += 1;

    record.documents.forEach((document, index) => {
      const existing = existingDocuments[index];
      if (!existing) {
        insertDocument.run(record.idNumber, document.type, document.number, document.issuedOn, document.expiresOn);
        counts.documentsInserted += 1;
      } else if (document.expiresOn > existing.expiresOn) {
        // Only a later expiry is taken: an older export must not undo a
        // renewal the person has already paid for on the platform.
        updateDocumentValidity.run(document.issuedOn, document.expiresOn, existing.id);
        counts.documentsUpdated += 1;
      }
    });

    for (const vehicle of record.vehicles) {
      const known = vehicleExists.get(vehicle.plate) !== undefined;
      const result = upsertVehicle.run({ owner: record.idNumber, ...vehicle });
      if (!known) counts.vehiclesInserted += 1;
      else if (result.changes > 0) counts.vehiclesUpdated += 1;
    }

    for (const violation of record.violations) {
      const violationId = insertViolation.get(
        violation.number, record.idNumber, violation.plate, violation.description.ar, violation.description.en,
        violation.amountHalalas, violation.issuedAt, violation.city,
      );
      // Already known (re-import, or issued by an officer): its bill exists.
      if (violationId === undefined) continue;
      counts.violationsInserted += 1;
      bills.create(
        {
          personIdNumber: record.idNumber,
          kind: 'TRAFFIC_VIOLATION',
          subjectId: String(violationId),
          amountHalalas: violation.amountHalalas,
          description: {
            ar: `مخالفة مرورية ${violation.number}: ${violation.description.ar}`,
            en: `Traffic violation ${violation.number}: ${violation.description.en}`,
          },
        },
        at,
      );
      counts.billsCreated += 1;
    }

    for (const dependent of record.dependents) {
      counts.familyLinksInserted += linkFamily.run(record.idNumber, dependent.idNumber, dependent.relationship).changes;
    }
    // Parentage only grows: a later export naming no parents does not unmake a birth record.
    for (const parent of record.parents) {
      counts.parentageInserted += recordParent.run(record.idNumber, parent).changes;
    }
    return counts;
  }

  return {
    /** Writes the lines in one transaction; a refused line is rolled back alone. */
    async writeBatch(records: readonly NumberedRecord[]): Promise<BatchOutcome> {
      const at = now();
      // The raw statements run on the writer connection, inside the
      // transaction `atomically` opened on it (BEGIN IMMEDIATE): no await
      // between them, so nothing else runs in this transaction meanwhile.
      return db.atomically(async () => {
        const counts = emptyCounts();
        const badLines: BadLine[] = [];
        for (const { line, record } of records) {
          beginLine();
          try {
            const written = writeRecord(record, at);
            keepLine();
            addCounts(counts, written);
          } catch (error) {
            // Some failures (disk full, I/O) make SQLite end the transaction
            // itself: then there is no savepoint to go back to, only the error.
            if (!sqlite.inTransaction) throw error;
            undoLine();
            keepLine();
            const refusal = lineRefusal(error);
            if (!refusal) throw error;
            badLines.push({ line, errors: refusal });
          }
        }
        return { counts, badLines };
      });
    },
  };
}

export type RegistryImportStore = ReturnType<typeof createRegistryImportStore>;

/** The line's problems, or null when the error is not the line's fault (disk, lock): then the import stops. */
function lineRefusal(error: unknown): string[] | null {
  if (error instanceof LineRefused) return error.errors;
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
      return ['(line): conflicts with registry data already loaded'];
    }
  }
  return null;
}

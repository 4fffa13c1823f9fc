// The registry import's writer on PostgreSQL. A batch costs a fixed number
// of round trips however many lines it holds: what the batch refers to is
// read in one query per table, each line is checked in memory in file order
// (a line sees the lines before it, as on SQLite), and the good lines are
// written with one statement per table, rows passed as arrays (unnest).
// The result is the same as SQLite's line-by-line writer: the same counts,
// the same refusals with the same words, and a second load of the same file
// changes nothing. If the batch still meets a conflict (another writer got
// there between the reads and the writes), it is written again line by line,
// each line alone, so only the line at fault is refused.
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Tx } from '../../db/database.js';
import { isConstraintViolation } from '../../db/errors.js';
import { billOperations, type NewBill } from '../payments/bills-store.js';
import type { RegistryRecord } from './import-record.js';
import { addCounts, emptyCounts, type BadLine, type BatchOutcome, type ImportCounts, type NumberedRecord } from './import-store.js';

interface PersonRow {
  id_number: string; kind: string; name_ar: string; name_en: string; date_of_birth: string;
  gender: string; nationality: string; mobile: string; city: string;
}
interface DocumentRow { id: number | null; person_id_number: string; type: string; number: string; issued_on: string; expires_on: string }
interface VehicleRow { plate: string; owner_id_number: string; make: string; model: string; year: number }

const PERSON_FIELDS = ['kind', 'name_ar', 'name_en', 'date_of_birth', 'gender', 'nationality', 'mobile', 'city'] as const;
const documentKey = (type: string, number: string) => `${type}\u0000${number}`;
const array = (values: unknown[]) => sql.param(values);

function personRowOf(record: RegistryRecord): PersonRow {
  return {
    id_number: record.idNumber, kind: record.kind, name_ar: record.name.ar, name_en: record.name.en, date_of_birth: record.dateOfBirth,
    gender: record.gender, nationality: record.nationality, mobile: record.mobile, city: record.city,
  };
}

/** What the batch's lines will write, decided in memory against what the database holds. */
class BatchPlan {
  readonly counts = emptyCounts();
  readonly badLines: BadLine[] = [];
  readonly personsToWrite = new Map<string, PersonRow>();
  readonly documentsToInsert = new Map<string, DocumentRow>();
  readonly documentsToUpdate = new Map<number, DocumentRow>();
  readonly vehiclesToWrite = new Map<string, VehicleRow>();
  readonly violations: Array<{ record: RegistryRecord; violation: RegistryRecord['violations'][number] }> = [];
  readonly links = new Map<string, { guardian: string; dependent: string; relationship: string }>();
  readonly parentage = new Map<string, { child: string; parent: string }>();

  constructor(
    private readonly persons: Map<string, PersonRow>,
    private readonly documents: Map<string, DocumentRow>,
    private readonly vehicles: Map<string, VehicleRow>,
    private readonly violationNumbers: Set<string>,
  ) {}

  add({ line, record }: NumberedRecord): void {
    // Checked before anything is written, in the words of the SQLite writer.
    const problems: string[] = [];
    record.dependents.forEach((dependent, index) => {
      if (!this.persons.has(dependent.idNumber)) {
        problems.push(`dependents.${index}.idNumber: not in the registry (the person must come earlier in the file or be loaded already)`);
      }
    });
    record.parents.forEach((parent, index) => {
      if (!this.persons.has(parent)) problems.push(`parents.${index}: not in the registry (the parent must come earlier in the file or be loaded already)`);
    });
    record.documents.forEach((document, index) => {
      const existing = this.documents.get(documentKey(document.type, document.number));
      if (existing && existing.person_id_number !== record.idNumber) problems.push(`documents.${index}.number: already belongs to another person`);
    });
    if (problems.length) {
      this.badLines.push({ line, errors: problems });
      return;
    }

    const person = personRowOf(record);
    const known = this.persons.get(record.idNumber);
    if (!known) this.counts.personsInserted += 1;
    else if (PERSON_FIELDS.some((field) => known[field] !== person[field])) this.counts.personsUpdated += 1;
    if (!known || PERSON_FIELDS.some((field) => known[field] !== person[field])) this.personsToWrite.set(person.id_number, person);
    this.persons.set(person.id_number, person);

    for (const document of record.documents) {
      const key = documentKey(document.type, document.number);
      const existing = this.documents.get(key);
      const row: DocumentRow = { id: existing?.id ?? null, person_id_number: record.idNumber, type: document.type, number: document.number, issued_on: document.issuedOn, expires_on: document.expiresOn };
      if (!existing) {
        this.counts.documentsInserted += 1;
        this.documentsToInsert.set(key, row);
        this.documents.set(key, row);
      } else if (document.expiresOn > existing.expires_on) {
        // Only a later expiry is taken: an older export must not undo a
        // renewal the person has already paid for on the platform.
        this.counts.documentsUpdated += 1;
        if (existing.id === null) this.documentsToInsert.set(key, row);
        else this.documentsToUpdate.set(existing.id, row);
        this.documents.set(key, row);
      }
    }

    for (const vehicle of record.vehicles) {
      const row: VehicleRow = { plate: vehicle.plate, owner_id_number: record.idNumber, make: vehicle.make, model: vehicle.model, year: vehicle.year };
      const existing = this.vehicles.get(vehicle.plate);
      const changed = !existing || existing.owner_id_number !== row.owner_id_number || existing.make !== row.make || existing.model !== row.model || existing.year !== row.year;
      if (!existing) this.counts.vehiclesInserted += 1;
      else if (changed) this.counts.vehiclesUpdated += 1;
      if (changed) this.vehiclesToWrite.set(row.plate, row);
      this.vehicles.set(row.plate, row);
    }

    for (const violation of record.violations) {
      // Already known (re-import, or issued by an officer): its bill exists.
      if (this.violationNumbers.has(violation.number)) continue;
      this.violationNumbers.add(violation.number);
      this.violations.push({ record, violation });
    }
    for (const dependent of record.dependents) {
      const key = `${record.idNumber}\u0000${dependent.idNumber}`;
      if (!this.links.has(key)) this.links.set(key, { guardian: record.idNumber, dependent: dependent.idNumber, relationship: dependent.relationship });
    }
    // Parentage only grows: a later export naming no parents does not unmake a birth record.
    for (const parent of record.parents) this.parentage.set(`${record.idNumber}\u0000${parent}`, { child: record.idNumber, parent });
  }
}

async function readWhatTheBatchTouches(db: Database, tx: Tx, records: readonly NumberedRecord[]) {
  const ids = new Set<string>();
  const documentTypes: string[] = [];
  const documentNumbers: string[] = [];
  const plates = new Set<string>();
  const violationNumbers = new Set<string>();
  for (const { record } of records) {
    ids.add(record.idNumber);
    record.dependents.forEach((dependent) => ids.add(dependent.idNumber));
    record.parents.forEach((parent) => ids.add(parent));
    for (const document of record.documents) {
      documentTypes.push(document.type);
      documentNumbers.push(document.number);
    }
    record.vehicles.forEach((vehicle) => plates.add(vehicle.plate));
    record.violations.forEach((violation) => violationNumbers.add(violation.number));
  }
  const persons = await db.rows<PersonRow>(tx, sql`SELECT id_number, kind, name_ar, name_en, date_of_birth, gender, nationality, mobile, city FROM registry_persons WHERE id_number = ANY(${array([...ids])}::text[])`);
  const documents = await db.rows<DocumentRow>(
    tx,
    sql`SELECT d.id, d.person_id_number, d.type, d.number, d.issued_on, d.expires_on FROM registry_documents d
        JOIN unnest(${array(documentTypes)}::text[], ${array(documentNumbers)}::text[]) AS k(type, number) ON d.type = k.type AND d.number = k.number`,
  );
  const vehicles = await db.rows<VehicleRow>(tx, sql`SELECT plate, owner_id_number, make, model, year FROM registry_vehicles WHERE plate = ANY(${array([...plates])}::text[])`);
  const violations = await db.rows<{ number: string }>(tx, sql`SELECT number FROM traffic_violations WHERE number = ANY(${array([...violationNumbers])}::text[])`);
  return new BatchPlan(
    new Map(persons.map((row) => [row.id_number, row])),
    new Map(documents.map((row) => [documentKey(row.type, row.number), row])),
    new Map(vehicles.map((row) => [row.plate, row])),
    new Set(violations.map((row) => row.number)),
  );
}

/** Columns as arrays, one per field, for `unnest`. */
function columns<T>(rows: Iterable<T>, fields: ReadonlyArray<keyof T>): unknown[][] {
  const list = [...rows];
  return fields.map((field) => list.map((row) => row[field]));
}

async function write(db: Database, tx: Tx, plan: BatchPlan, at: Date): Promise<void> {
  const run = (query: SQL) => db.exec(tx, query);
  if (plan.personsToWrite.size) {
    const [ids, kinds, namesAr, namesEn, births, genders, nationalities, mobiles, cities] = columns(plan.personsToWrite.values(), ['id_number', ...PERSON_FIELDS]);
    await run(sql`
      INSERT INTO registry_persons (id_number, kind, name_ar, name_en, date_of_birth, gender, nationality, mobile, city, updated_at)
      SELECT v.*, ${at.getTime()}::bigint FROM unnest(${array(ids!)}::text[], ${array(kinds!)}::text[], ${array(namesAr!)}::text[], ${array(namesEn!)}::text[],
        ${array(births!)}::text[], ${array(genders!)}::text[], ${array(nationalities!)}::text[], ${array(mobiles!)}::text[], ${array(cities!)}::text[]) AS v
      ON CONFLICT (id_number) DO UPDATE SET
        kind = excluded.kind, name_ar = excluded.name_ar, name_en = excluded.name_en, date_of_birth = excluded.date_of_birth, gender = excluded.gender,
        nationality = excluded.nationality, mobile = excluded.mobile, city = excluded.city, updated_at = excluded.updated_at`);
  }
  if (plan.documentsToInsert.size) {
    const [owners, types, numbers, issued, expires] = columns(plan.documentsToInsert.values(), ['person_id_number', 'type', 'number', 'issued_on', 'expires_on']);
    await run(sql`
      INSERT INTO registry_documents (person_id_number, type, number, issued_on, expires_on)
      SELECT * FROM unnest(${array(owners!)}::text[], ${array(types!)}::text[], ${array(numbers!)}::text[], ${array(issued!)}::text[], ${array(expires!)}::text[])`);
  }
  if (plan.documentsToUpdate.size) {
    const [ids, issued, expires] = columns(plan.documentsToUpdate.values(), ['id', 'issued_on', 'expires_on']);
    await run(sql`
      UPDATE registry_documents d SET issued_on = v.issued_on, expires_on = v.expires_on
      FROM unnest(${array(ids!)}::bigint[], ${array(issued!)}::text[], ${array(expires!)}::text[]) AS v(id, issued_on, expires_on)
      WHERE d.id = v.id AND v.expires_on > d.expires_on`);
  }
  if (plan.vehiclesToWrite.size) {
    const [plates, owners, makes, models, years] = columns(plan.vehiclesToWrite.values(), ['plate', 'owner_id_number', 'make', 'model', 'year']);
    await run(sql`
      INSERT INTO registry_vehicles (plate, owner_id_number, make, model, year)
      SELECT * FROM unnest(${array(plates!)}::text[], ${array(owners!)}::text[], ${array(makes!)}::text[], ${array(models!)}::text[], ${array(years!)}::bigint[])
      ON CONFLICT (plate) DO UPDATE SET owner_id_number = excluded.owner_id_number, make = excluded.make, model = excluded.model, year = excluded.year`);
  }
  if (plan.violations.length) {
    const rows = plan.violations.map(({ record, violation }) => ({ ...violation, owner: record.idNumber }));
    const inserted = await db.rows<{ id: number; number: string }>(
      tx,
      sql`
        INSERT INTO traffic_violations (number, person_id_number, plate, description_ar, description_en, amount_halalas, issued_at, city, status)
        SELECT v.*, 'UNPAID' FROM unnest(${array(rows.map((r) => r.number))}::text[], ${array(rows.map((r) => r.owner))}::text[], ${array(rows.map((r) => r.plate))}::text[],
          ${array(rows.map((r) => r.description.ar))}::text[], ${array(rows.map((r) => r.description.en))}::text[], ${array(rows.map((r) => r.amountHalalas))}::bigint[],
          ${array(rows.map((r) => r.issuedAt))}::text[], ${array(rows.map((r) => r.city))}::text[]) AS v
        ON CONFLICT (number) DO NOTHING
        RETURNING id, number`,
    );
    const idOf = new Map(inserted.map((row) => [row.number, row.id]));
    // A new violation's bill is written with it, through the payments module.
    const bills: NewBill[] = rows
      .filter((row) => idOf.has(row.number))
      .map((row) => ({
        personIdNumber: row.owner,
        kind: 'TRAFFIC_VIOLATION',
        subjectId: String(idOf.get(row.number)),
        amountHalalas: row.amountHalalas,
        description: { ar: `مخالفة مرورية ${row.number}: ${row.description.ar}`, en: `Traffic violation ${row.number}: ${row.description.en}` },
      }));
    await billOperations(tx).createMany(bills, at);
    plan.counts.violationsInserted += inserted.length;
    plan.counts.billsCreated += bills.length;
  }
  if (plan.links.size) {
    const [guardians, dependents, relationships] = columns(plan.links.values(), ['guardian', 'dependent', 'relationship']);
    const linked = await db.rows(
      tx,
      sql`
        INSERT INTO registry_family_links (guardian_id_number, dependent_id_number, relationship)
        SELECT * FROM unnest(${array(guardians!)}::text[], ${array(dependents!)}::text[], ${array(relationships!)}::text[])
        ON CONFLICT DO NOTHING RETURNING 1`,
    );
    plan.counts.familyLinksInserted += linked.length;
  }
  if (plan.parentage.size) {
    const [children, parents] = columns(plan.parentage.values(), ['child', 'parent']);
    const recorded = await db.rows(
      tx,
      sql`
        INSERT INTO registry_parentage (child_id_number, parent_id_number)
        SELECT * FROM unnest(${array(children!)}::text[], ${array(parents!)}::text[]) ON CONFLICT DO NOTHING RETURNING 1`,
    );
    plan.counts.parentageInserted += recorded.length;
  }
}

export function createPostgresRegistryImportStore(db: Database, now: () => Date) {
  async function writeTogether(records: readonly NumberedRecord[], at: Date): Promise<BatchOutcome> {
    return db.atomically(async (tx) => {
      const plan = await readWhatTheBatchTouches(db, tx, records);
      for (const record of records) plan.add(record);
      await write(db, tx, plan, at);
      return { counts: plan.counts, badLines: plan.badLines };
    });
  }

  return {
    async writeBatch(records: readonly NumberedRecord[]): Promise<BatchOutcome> {
      const at = now();
      try {
        return await writeTogether(records, at);
      } catch (error) {
        if (!isConstraintViolation(error) || records.length === 1) throw error;
      }
      // One line at a time, so the conflict is pinned on its line and its neighbours are kept.
      const counts: ImportCounts = emptyCounts();
      const badLines: BadLine[] = [];
      for (const record of records) {
        try {
          const outcome = await writeTogether([record], at);
          addCounts(counts, outcome.counts);
          badLines.push(...outcome.badLines);
        } catch (error) {
          if (!isConstraintViolation(error)) throw error;
          badLines.push({ line: record.line, errors: ['(line): conflicts with registry data already loaded'] });
        }
      }
      return { counts, badLines };
    },
  };
}

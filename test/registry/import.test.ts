// The identity-registry import (contract, section 4): good lines kept, bad
// lines reported with their numbers, re-import changes nothing, every new
// violation gets its bill, and the command's exit codes.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { first, type Database } from '../../src/db/database.js';
import { openDatabase } from '../../src/db/open.js';
import { loadConfig } from '../../src/config.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { importRegistryFile } from '../../src/modules/registry/import.js';
import { familyLinks, registryDocuments, registryParentage, registryPersons, registryVehicles, trafficViolations } from '../../src/modules/registry/tables.js';
import { bills } from '../../src/modules/payments/tables.js';
import { createRegistryStore } from '../../src/modules/registry/store.js';
import { createRegistryService } from '../../src/modules/registry/service.js';
import { newIdNumber } from '../helpers/people.js';
import { registryLine, violationOf, writeRegistryFile } from '../helpers/registry-import.js';

const run = promisify(execFile);
const projectRoot = path.resolve(import.meta.dirname, '../..');
const NOW = () => new Date('2026-11-25T09:00:00Z');

const TABLES = {
  registry_persons: registryPersons,
  registry_documents: registryDocuments,
  registry_vehicles: registryVehicles,
  traffic_violations: trafficViolations,
  registry_family_links: familyLinks,
  registry_parentage: registryParentage,
  bills,
};

let dir: string;
let db: Database;
const opened: Database[] = [];
const created: TestDatabase[] = [];

/** A new database of the dialect under test, migrated; closed and dropped after the file. */
async function freshDatabase(name: string): Promise<{ db: Database; url: string }> {
  const database = await createTestDatabase(dir, name);
  created.push(database);
  const handle = await openDatabase(loadConfig({ DATABASE_URL: database.url }).database);
  opened.push(handle);
  return { db: handle, url: database.url };
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-import-'));
  db = (await freshDatabase('registry')).db;
});

afterAll(async () => {
  for (const handle of opened) await handle.close();
  for (const database of created) await database.drop();
});

async function rowCounts(on = db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(TABLES)) counts[name] = (await first(on.read.select({ n: count() }).from(table)))!.n;
  return counts;
}

async function personIds(): Promise<string[]> {
  return (await db.read.select({ idNumber: registryPersons.idNumber }).from(registryPersons).orderBy(registryPersons.idNumber)).map((row) => row.idNumber);
}

const updatedAts = async () => (await db.read.select({ updatedAt: registryPersons.updatedAt }).from(registryPersons).orderBy(registryPersons.idNumber)).map((row) => row.updatedAt.getTime());

/** A valid-looking ID (right first digit, 10 digits) whose check digit is wrong. */
function badChecksum(): string {
  const good = newIdNumber('CITIZEN');
  return `${good.slice(0, 9)}${(Number(good[9]) + 1) % 10}`;
}

describe('registry import', () => {
  it('keeps the good lines and reports each bad line with its number and field', async () => {
    const child = registryLine({ dateOfBirth: '2016-03-01' });
    const parent = registryLine({
      kind: 'RESIDENT',
      documents: [{ type: 'IQAMA', number: 'IQ-1', issuedOn: '2024-01-01', expiresOn: '2027-01-01' }],
      violations: [violationOf('V-MIX-1', '300.50')],
      dependents: [{ idNumber: child.idNumber, relationship: 'CHILD' }],
      vehicles: [{ plate: 'KSA 1001', make: 'Toyota', model: 'Camry', year: 2022 }],
    });
    const lines = [
      child, //                                                                  1 good
      parent, //                                                                 2 good (dependent on line 1)
      registryLine({ idNumber: badChecksum() }), //                              3 bad checksum
      registryLine({ idNumber: '12345' }), //                                    4 malformed ID
      registryLine({ dateOfBirth: '1990-02-30' }), //                            5 not a calendar date
      registryLine({ mobile: '0501234567' }), //                                 6 not E.164
      registryLine({ documents: [{ type: 'VISA', number: 'X-1', issuedOn: '2024-01-01', expiresOn: '2025-01-01' }] }), // 7
      registryLine({ violations: [violationOf('V-MIX-2', '300.0000000001')] }), // 8 float junk
      registryLine({ dependents: [{ idNumber: newIdNumber(), relationship: 'SPOUSE' }] }), // 9 unknown dependent
      '{"idNumber": "1000000008", "name": ', //                                  10 invalid JSON
      '', //                                                                     11 blank: skipped, not bad
      registryLine({ dateOfBirth: '2027-01-01' }), //                            12 in the future
      registryLine({ documents: [{ type: 'PASSPORT', number: 'P-1', issuedOn: '2026-01-01', expiresOn: '2025-01-01' }] }), // 13
      registryLine({ violations: [{ ...violationOf('V-MIX-3'), amount: 300 }] }), // 14 a JSON number, not a Decimal string
      registryLine({ violations: [{ ...violationOf('V-MIX-4'), issuedAt: '2026-10-01T09:00:00' }] }), // 15 no offset
      registryLine({ kind: 'RESIDENT' }), //                                     16 good
    ];
    const file = writeRegistryFile(lines, dir);

    const summary = await importRegistryFile(db, file, { now: NOW });

    expect(summary.badLines.map((bad) => bad.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15]);
    const errorsOf = (line: number) => summary.badLines.find((bad) => bad.line === line)!.errors.join(' | ');
    expect(errorsOf(3)).toMatch(/^idNumber: .*check digit/);
    expect(errorsOf(4)).toMatch(/^idNumber: must be 10 digits/);
    expect(errorsOf(5)).toMatch(/^dateOfBirth: must be a calendar date/);
    expect(errorsOf(6)).toMatch(/^mobile: must be an E\.164 number/);
    expect(errorsOf(7)).toMatch(/^documents\.0\.type: must be one of/);
    expect(errorsOf(8)).toMatch(/^violations\.0\.amount: /);
    expect(errorsOf(9)).toMatch(/^dependents\.0\.idNumber: not in the registry/);
    expect(errorsOf(10)).toMatch(/not valid JSON/);
    expect(errorsOf(12)).toMatch(/^dateOfBirth: must not be in the future/);
    expect(errorsOf(13)).toMatch(/^documents\.0\.expiresOn: must not be before issuedOn/);
    expect(errorsOf(14)).toMatch(/^violations\.0\.amount: must be a decimal string/);
    expect(errorsOf(15)).toMatch(/^violations\.0\.issuedAt: /);
    expect(summary).toMatchObject({ linesRead: 16, goodLines: 3, badLineCount: 12, personsInserted: 3, violationsInserted: 1, billsCreated: 1 });

    expect(await personIds()).toEqual([child.idNumber, parent.idNumber, (lines[15] as { idNumber: string }).idNumber].sort());
    // Nothing of a refused line was written, not even its person row.
    expect(await rowCounts()).toMatchObject({ registry_documents: 1, registry_vehicles: 1, traffic_violations: 1, registry_family_links: 1, bills: 1 });
    const person = await first(
      db.read
        .select({ kind: registryPersons.kind, nameEn: registryPersons.nameEn, mobile: registryPersons.mobile })
        .from(registryPersons)
        .where(eq(registryPersons.idNumber, parent.idNumber)),
    );
    expect(person).toEqual({ kind: 'RESIDENT', nameEn: 'Sara Alqahtani', mobile: parent.mobile });
    const violation = await first(
      db.read.select({ amount: trafficViolations.amountHalalas, issuedAt: trafficViolations.issuedAt, status: trafficViolations.status }).from(trafficViolations),
    );
    expect(violation).toEqual({ amount: 30050, issuedAt: '2026-10-01T06:00:00.000Z', status: 'UNPAID' });
  });

  it('changes nothing when the same file is imported again', async () => {
    const spouse = registryLine();
    const file = writeRegistryFile(
      [
        spouse,
        registryLine({
          documents: [{ type: 'DRIVING_LICENSE', number: 'DL-RE-1', issuedOn: '2021-01-01', expiresOn: '2031-01-01' }],
          violations: [violationOf('V-RE-1'), violationOf('V-RE-2', '500')],
          dependents: [{ idNumber: spouse.idNumber, relationship: 'SPOUSE' }],
          vehicles: [{ plate: 'KSA 2002', make: 'Hyundai', model: 'Elantra', year: 2020 }],
        }),
        registryLine({ mobile: 'bad' }),
      ],
      dir,
    );
    const first = await importRegistryFile(db, file, { now: NOW });
    const before = await rowCounts();
    const updatedAt = await updatedAts();

    const second = await importRegistryFile(db, file, { now: () => new Date('2026-11-26T09:00:00Z') });

    expect(first).toMatchObject({ personsInserted: 2, violationsInserted: 2, billsCreated: 2, familyLinksInserted: 1, badLineCount: 1 });
    expect(second).toMatchObject({
      goodLines: 2, badLineCount: 1, personsInserted: 0, personsUpdated: 0, documentsInserted: 0, documentsUpdated: 0,
      vehiclesInserted: 0, vehiclesUpdated: 0, violationsInserted: 0, billsCreated: 0, familyLinksInserted: 0, parentageInserted: 0,
    });
    expect(await rowCounts()).toEqual(before);
    expect(await updatedAts()).toEqual(updatedAt);
  });

  it('gives each newly imported violation exactly one bill for its amount', async () => {
    const person = registryLine({ violations: [violationOf('V-BILL-1', '1250.5'), violationOf('V-BILL-2', '100')] });
    const file = writeRegistryFile([person], dir);
    await importRegistryFile(db, file, { now: NOW });
    await importRegistryFile(db, file, { now: NOW });

    const violations = await db.read.select().from(trafficViolations).orderBy(trafficViolations.number);
    const violationBills = await db.read.select().from(bills).where(eq(bills.kind, 'TRAFFIC_VIOLATION'));
    const rows = violations.map((v) => {
      const own = violationBills.filter((b) => b.subjectId === String(v.id));
      return { number: v.number, fine: v.amountHalalas, billed: own[0]?.amountHalalas, payer: own[0]?.personIdNumber, status: own[0]?.status, billNumber: own[0]?.number, bills: own.length };
    });
    expect(rows).toEqual([
      { number: 'V-BILL-1', fine: 125050, billed: 125050, payer: person.idNumber, status: 'UNPAID', billNumber: expect.stringMatching(/^B\d{10}$/), bills: 1 },
      { number: 'V-BILL-2', fine: 10000, billed: 10000, payer: person.idNumber, status: 'UNPAID', billNumber: expect.stringMatching(/^B\d{10}$/), bills: 1 },
    ]);
  });

  it('accepts a dependent from earlier in the same batch or an earlier import, refuses one that comes later', async () => {
    const loadedBefore = registryLine();
    await importRegistryFile(db, writeRegistryFile([loadedBefore], dir), { now: NOW });
    const earlier = registryLine();
    const later = registryLine();
    const guardian = registryLine({
      dependents: [
        { idNumber: earlier.idNumber, relationship: 'CHILD' },
        { idNumber: loadedBefore.idNumber, relationship: 'PARENT' },
      ],
    });
    const tooEarly = registryLine({ dependents: [{ idNumber: later.idNumber, relationship: 'CHILD' }] });
    const file = writeRegistryFile([earlier, guardian, tooEarly, later], fs.mkdtempSync(path.join(dir, 'b-')));

    const summary = await importRegistryFile(db, file, { now: NOW, batchSize: 1000 });

    expect(summary.badLines).toEqual([{ line: 3, errors: [expect.stringMatching(/^dependents\.0\.idNumber: not in the registry/)] }]);
    expect(
      await db.read
        .select({ id: familyLinks.dependentIdNumber, relationship: familyLinks.relationship })
        .from(familyLinks)
        .where(eq(familyLinks.guardianIdNumber, guardian.idNumber))
        .orderBy(familyLinks.relationship),
    ).toEqual([{ id: earlier.idNumber, relationship: 'CHILD' }, { id: loadedBefore.idNumber, relationship: 'PARENT' }]);
  });

  it('records the parents a birth record names, refuses unknown, repeated or self parents, and re-imports without change', async () => {
    const loadedBefore = registryLine({ gender: 'M', kind: 'RESIDENT' });
    await importRegistryFile(db, writeRegistryFile([loadedBefore], dir), { now: NOW });
    const mother = registryLine({ kind: 'RESIDENT' });
    const child = registryLine({ kind: 'RESIDENT', dateOfBirth: '2026-11-20', parents: [mother.idNumber, loadedBefore.idNumber] });
    const singleParent = registryLine({ dateOfBirth: '2026-11-21', parents: [mother.idNumber] });
    const later = registryLine();
    const selfParent = registryLine({ dateOfBirth: '2026-11-22' });
    selfParent.parents = [selfParent.idNumber];
    const lines = [
      mother, //                                                                       1 good
      child, //                                                                        2 good (one parent on line 1, one loaded before)
      singleParent, //                                                                 3 good
      registryLine({ parents: [newIdNumber()] }), //                                   4 parent not in the registry
      registryLine({ parents: [later.idNumber] }), //                                  5 parent only later in the file
      later, //                                                                        6 good
      selfParent, //                                                                   7 own parent
      registryLine({ parents: [mother.idNumber, mother.idNumber] }), //                8 the same parent twice
      registryLine({ parents: [mother.idNumber, later.idNumber, loadedBefore.idNumber] }), // 9 three parents
      registryLine({ parents: [] }), //                                                10 an empty list
      registryLine({ parents: ['12345'] }), //                                         11 malformed ID
    ];
    const file = writeRegistryFile(lines, fs.mkdtempSync(path.join(dir, 'p-')));

    const first = await importRegistryFile(db, file, { now: NOW });

    expect(first.badLines.map((bad) => bad.line)).toEqual([4, 5, 7, 8, 9, 10, 11]);
    const errorsOf = (line: number) => first.badLines.find((bad) => bad.line === line)!.errors.join(' | ');
    expect(errorsOf(4)).toMatch(/^parents\.0: not in the registry/);
    expect(errorsOf(5)).toMatch(/^parents\.0: not in the registry/);
    expect(errorsOf(7)).toBe('parents.0: a person cannot be their own parent');
    expect(errorsOf(8)).toBe('parents.1: the same parent is listed twice');
    expect(errorsOf(9)).toMatch(/^parents: must list at most two/);
    expect(errorsOf(10)).toMatch(/^parents: must list one or two/);
    expect(errorsOf(11)).toMatch(/^parents\.0: must be 10 digits/);
    expect(first).toMatchObject({ goodLines: 4, personsInserted: 4, parentageInserted: 3 });

    const registry = createRegistryService(createRegistryStore(db));
    expect((await registry.parentsOf(child.idNumber)).sort()).toEqual([mother.idNumber, loadedBefore.idNumber].sort());
    expect(await registry.parentsOf(singleParent.idNumber)).toEqual([mother.idNumber]);
    expect(await registry.parentsOf(mother.idNumber)).toEqual([]);
    // Nothing of a refused line was written.
    expect(await rowCounts()).toMatchObject({ registry_parentage: 3 });
    expect(await personIds()).not.toContain(selfParent.idNumber);

    // Line 5's parent is loaded now, so a second run takes it; a third changes nothing.
    const second = await importRegistryFile(db, file, { now: NOW });
    expect(second).toMatchObject({ goodLines: 5, badLineCount: 6, personsInserted: 1, personsUpdated: 0, parentageInserted: 1 });
    const before = await rowCounts();
    const third = await importRegistryFile(db, file, { now: NOW });
    expect(third).toMatchObject({ goodLines: 5, badLineCount: 6, personsInserted: 0, personsUpdated: 0, parentageInserted: 0 });
    expect(await rowCounts()).toEqual(before);
    // A later export that names no parents leaves the birth record's parents in place.
    await importRegistryFile(db, writeRegistryFile([{ ...child, parents: undefined }], fs.mkdtempSync(path.join(dir, 'q-'))), { now: NOW });
    expect(await registry.parentsOf(child.idNumber)).toHaveLength(2);
  });

  it('takes a later expiry from the registry but never moves one back, and refuses another person\'s document number', async () => {
    const owner = registryLine({ documents: [{ type: 'PASSPORT', number: 'P-EXP-1', issuedOn: '2020-01-01', expiresOn: '2025-01-01' }] });
    await importRegistryFile(db, writeRegistryFile([owner], dir), { now: NOW });
    const expiryOf = async () => (await first(db.read.select({ expiresOn: registryDocuments.expiresOn }).from(registryDocuments).where(eq(registryDocuments.number, 'P-EXP-1'))))?.expiresOn;

    const renewed = { ...owner, documents: [{ type: 'PASSPORT', number: 'P-EXP-1', issuedOn: '2025-01-01', expiresOn: '2030-01-01' }] };
    const older = { ...owner, documents: [{ type: 'PASSPORT', number: 'P-EXP-1', issuedOn: '2015-01-01', expiresOn: '2020-01-01' }] };
    const thief = registryLine({ documents: [{ type: 'PASSPORT', number: 'P-EXP-1', issuedOn: '2025-01-01', expiresOn: '2035-01-01' }] });
    const summary = await importRegistryFile(db, writeRegistryFile([renewed, older, thief], fs.mkdtempSync(path.join(dir, 'c-'))), { now: NOW });

    expect(summary).toMatchObject({ documentsUpdated: 1, documentsInserted: 0, personsInserted: 0 });
    expect(summary.badLines).toEqual([{ line: 3, errors: ['documents.0.number: already belongs to another person'] }]);
    expect(await expiryOf()).toBe('2030-01-01');
    expect(await personIds()).not.toContain(thief.idNumber);
  });

  it('writes the same rows whatever the batch size', async () => {
    const spouse = registryLine();
    const lines = [spouse, registryLine({ violations: [violationOf('V-BATCH-1')], dependents: [{ idNumber: spouse.idNumber, relationship: 'SPOUSE' }] }), registryLine({ city: '' })];
    const summary = await importRegistryFile(db, writeRegistryFile(lines, dir), { now: NOW, batchSize: 1 });
    expect(summary).toMatchObject({ goodLines: 2, badLineCount: 1, personsInserted: 2, billsCreated: 1, familyLinksInserted: 1 });
    expect(summary.badLines).toEqual([{ line: 3, errors: ['city: must not be empty'] }]);
  });

  it('reads a file with a byte-order mark and CRLF line ends, and refuses a document listed twice in one line', async () => {
    const twice = { type: 'PASSPORT', number: 'P-TWICE', issuedOn: '2024-01-01', expiresOn: '2030-01-01' };
    const file = path.join(dir, 'windows.jsonl');
    const lines = [registryLine(), registryLine({ documents: [twice, twice] }), registryLine()];
    fs.writeFileSync(file, `\uFEFF${lines.map((line) => JSON.stringify(line)).join('\r\n')}\r\n`);

    const summary = await importRegistryFile(db, file, { now: NOW });

    expect(summary.badLines).toEqual([{ line: 2, errors: ['documents.1.number: the same document is listed twice'] }]);
    expect(summary).toMatchObject({ linesRead: 3, goodLines: 2, personsInserted: 2, documentsInserted: 0 });
  });

  it('reports progress as it goes', async () => {
    const lines = Array.from({ length: 25 }, () => registryLine());
    const seen: number[] = [];
    await importRegistryFile(db, writeRegistryFile(lines, dir), { now: NOW, batchSize: 10, onProgress: (p) => seen.push(p.linesRead) });
    expect(seen).toEqual([10, 20, 25, 25]);
  });
});

describe('npm run registry:import', () => {
  const runImport = async (args: string[], env: Record<string, string>) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/registry-import.ts', ...args], {
        cwd: projectRoot,
        env: { ...process.env, NODE_ENV: 'test', ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  it('exits 0 when every line loads, 1 with the bad lines on stderr, 2 on a usage error', async () => {
    const cli = await freshDatabase('cli');
    const env = { DATA_DIR: dir, DATABASE_URL: cli.url };
    const good = writeRegistryFile([registryLine(), registryLine({ violations: [violationOf('V-CLI-1')] })], fs.mkdtempSync(path.join(dir, 'good-')));
    const mixed = writeRegistryFile([registryLine(), registryLine({ nationality: 'Saudi' }), 'oops'], fs.mkdtempSync(path.join(dir, 'mixed-')));

    const ok = await runImport([good, '--json'], env);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(ok.stdout)).toMatchObject({ linesRead: 2, goodLines: 2, badLineCount: 0, personsInserted: 2, billsCreated: 1 });

    const bad = await runImport([mixed], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('line 2: nationality: must be an ISO 3166-1 alpha-2 code');
    expect(bad.stderr).toContain('line 3: (line): not valid JSON');
    expect(bad.stdout).toContain('good lines: 1');
    expect(bad.stdout).toContain('bad lines: 2');

    const [noFile, missing] = await Promise.all([runImport([], env), runImport([path.join(dir, 'missing.jsonl')], env)]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('usage:');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');

    expect((await rowCounts(cli.db)).registry_persons).toBe(3);
  }, 120_000); // four child processes, each starting tsx: slow on a busy machine
});

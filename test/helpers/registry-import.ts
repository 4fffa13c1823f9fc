// Builders for identity-registry hand-over lines (contract, section 4).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newIdNumber } from './people.js';

export interface RegistryLine {
  idNumber: string;
  name: { ar: string; en: string };
  dateOfBirth: string;
  gender: 'M' | 'F';
  nationality: string;
  mobile: string;
  city: string;
  documents?: unknown[];
  violations?: unknown[];
  dependents?: unknown[];
  parents?: unknown[];
  vehicles?: unknown[];
  [extra: string]: unknown;
}

/** A well-formed line for a new person; `overrides` replace whole fields. */
export function registryLine(overrides: Partial<RegistryLine> & { kind?: 'CITIZEN' | 'RESIDENT' } = {}): RegistryLine {
  const { kind, ...fields } = overrides;
  const idNumber = fields.idNumber ?? newIdNumber(kind ?? 'CITIZEN');
  return {
    idNumber,
    name: { ar: 'سارة القحطاني', en: 'Sara Alqahtani' },
    dateOfBirth: '1991-05-20',
    gender: 'F',
    nationality: idNumber.startsWith('1') ? 'SA' : 'IN',
    mobile: `+9665${idNumber.slice(2)}`,
    city: 'Jeddah',
    ...fields,
  };
}

export function violationOf(number: string, amount = '150.00') {
  return {
    number, plate: 'XYZ 4321', description: { ar: 'تجاوز السرعة', en: 'Speeding' },
    amount, issuedAt: '2026-10-01T09:00:00+03:00', city: 'Jeddah',
  };
}

/** Writes the lines (objects are JSON-encoded, strings written as they are) to a temp file. */
export function writeRegistryFile(lines: Array<RegistryLine | string>, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-registry-'))): string {
  const file = path.join(dir, 'registry.jsonl');
  fs.writeFileSync(file, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n');
  return file;
}

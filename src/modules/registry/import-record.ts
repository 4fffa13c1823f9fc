// One line of the identity registry's hand-over file (contract, section 4),
// checked before anything is written. A line is refused with every problem it
// has, each naming the field path ("documents.1.expiresOn"), so the registry's
// operators can fix their export without guessing.
import { z } from 'zod';
import { isValidIdNumber, kindOfIdNumber, type PersonKind } from './id-number.js';
import { registryDocuments, familyLinks } from './tables.js';
import { decimalToHalalas } from '../../server/money.js';
import { isValidIsoDate } from '../../server/scalars.js';

export const DOCUMENT_TYPES = registryDocuments.type.enumValues;
export const RELATIONSHIPS = familyLinks.relationship.enumValues;

export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export type Relationship = (typeof RELATIONSHIPS)[number];

export interface RegistryRecord {
  idNumber: string;
  kind: PersonKind;
  name: { ar: string; en: string };
  dateOfBirth: string;
  gender: 'M' | 'F';
  nationality: string;
  mobile: string;
  city: string;
  documents: Array<{ type: DocumentType; number: string; issuedOn: string; expiresOn: string }>;
  violations: Array<{
    number: string;
    plate: string;
    description: { ar: string; en: string };
    amountHalalas: number;
    /** UTC, ISO 8601: one offset for every row, so issue times sort as text. */
    issuedAt: string;
    city: string;
  }>;
  dependents: Array<{ idNumber: string; relationship: Relationship }>;
  /** The parents the birth record names (one or two); empty when the registry gives none. */
  parents: string[];
  vehicles: Array<{ plate: string; make: string; model: string; year: number }>;
}

export type RecordCheck = { ok: true; record: RegistryRecord } | { ok: false; errors: string[] };

const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const E164_PATTERN = /^\+[1-9][0-9]{7,14}$/;
// Generous bounds: they only stop a corrupt line from filling the database.
const MAX_TEXT = 200;
const MAX_ITEMS = 100;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

function isIsoCountry(code: string): boolean {
  // ZZ is ICU's "Unknown Region"; the others are real alpha-2 codes.
  return /^[A-Z]{2}$/.test(code) && code !== 'ZZ' && regionNames.of(code) !== undefined;
}

/** "is required" when the field is missing, else the given explanation. */
function expected(explanation: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : explanation) };
}

const text = z.string(expected('must be text')).trim().min(1, 'must not be empty').max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`);
const localized = z.object({ ar: text, en: text }, expected('must be an object {"ar": "…", "en": "…"}'));
const calendarDate = z
  .string(expected('must be a date written YYYY-MM-DD'))
  .refine(isValidIsoDate, 'must be a calendar date written YYYY-MM-DD');

const idNumber = z.string(expected('must be a string of 10 digits')).superRefine((value, ctx) => {
  if (!/^[12][0-9]{9}$/.test(value)) {
    ctx.addIssue({ code: 'custom', message: 'must be 10 digits starting with 1 (citizen) or 2 (resident)' });
  } else if (!isValidIdNumber(value)) {
    ctx.addIssue({ code: 'custom', message: 'fails the check digit (Luhn)' });
  }
});

const amountInHalalas = z
  .string(expected('must be a decimal string such as "300.00"'))
  .transform((value, ctx) => {
    const halalas = decimalToHalalas(value);
    if (halalas === null) {
      ctx.addIssue({ code: 'custom', message: 'must be a decimal string with at most 2 decimals, such as "300.00"' });
      return z.NEVER;
    }
    if (halalas <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must be greater than zero' });
      return z.NEVER;
    }
    return halalas;
  });

const issuedAt = z
  .string(expected('must be an ISO 8601 date-time with an offset'))
  .transform((value, ctx) => {
    const at = new Date(value);
    if (!DATE_TIME_PATTERN.test(value) || !isValidIsoDate(value.slice(0, 10)) || Number.isNaN(at.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date-time with an offset, such as 2026-10-01T09:00:00+03:00' });
      return z.NEVER;
    }
    return at.toISOString();
  });

const documentSchema = z
  .object({
    type: z.enum(DOCUMENT_TYPES, expected(`must be one of ${DOCUMENT_TYPES.join(', ')}`)),
    number: text,
    issuedOn: calendarDate,
    expiresOn: calendarDate,
  })
  .refine((d) => !isValidIsoDate(d.issuedOn) || !isValidIsoDate(d.expiresOn) || d.issuedOn <= d.expiresOn, {
    message: 'must not be before issuedOn',
    path: ['expiresOn'],
  });

const violationSchema = z.object({
  number: text,
  plate: text,
  description: localized,
  amount: amountInHalalas,
  issuedAt,
  city: text,
});

const dependentSchema = z.object({
  idNumber,
  relationship: z.enum(RELATIONSHIPS, expected(`must be one of ${RELATIONSHIPS.join(', ')}`)),
});

const vehicleSchema = z.object({
  plate: text,
  make: text,
  model: text,
  year: z.number(expected('must be a year')).int('must be a year').min(1900, 'must be 1900 or later').max(2100, 'must be 2100 or earlier'),
});

function recordSchema(today: string) {
  return z
    .object(
      {
        idNumber,
        name: localized,
        dateOfBirth: calendarDate.refine((value) => value <= today, 'must not be in the future'),
        gender: z.enum(['M', 'F'], expected('must be M or F')),
        nationality: z.string(expected('must be an ISO 3166-1 alpha-2 code')).refine(isIsoCountry, 'must be an ISO 3166-1 alpha-2 code such as SA'),
        mobile: z.string(expected('must be an E.164 number')).regex(E164_PATTERN, 'must be an E.164 number such as +966500000001'),
        city: text,
        documents: z.array(documentSchema).max(MAX_ITEMS).default([]),
        violations: z.array(violationSchema).max(MAX_ITEMS).default([]),
        dependents: z.array(dependentSchema).max(MAX_ITEMS).default([]),
        vehicles: z.array(vehicleSchema).max(MAX_ITEMS).default([]),
        parents: z
          .array(idNumber, expected('must be a list of one or two ID numbers'))
          .min(1, 'must list one or two ID numbers')
          .max(2, 'must list at most two ID numbers')
          .default([]),
      },
      expected('must be a JSON object'),
    )
    .superRefine((record, ctx) => {
      const seen = new Set<string>();
      record.documents.forEach((document, index) => {
        const key = `${document.type} ${document.number}`;
        if (seen.has(key)) ctx.addIssue({ code: 'custom', message: 'the same document is listed twice', path: ['documents', index, 'number'] });
        seen.add(key);
      });
      record.dependents.forEach((dependent, index) => {
        if (dependent.idNumber === record.idNumber) {
          ctx.addIssue({ code: 'custom', message: 'a person cannot be their own dependent', path: ['dependents', index, 'idNumber'] });
        }
      });
      record.parents.forEach((parent, index) => {
        if (parent === record.idNumber) {
          ctx.addIssue({ code: 'custom', message: 'a person cannot be their own parent', path: ['parents', index] });
        } else if (record.parents.indexOf(parent) !== index) {
          ctx.addIssue({ code: 'custom', message: 'the same parent is listed twice', path: ['parents', index] });
        }
      });
    });
}

/** A checker for parsed lines; `today` (YYYY-MM-DD) bounds the dates of birth. */
export function createRecordChecker(today: string): (value: unknown) => RecordCheck {
  const schema = recordSchema(today);
  return (value) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      return {
        ok: false,
        errors: parsed.error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(line)'}: ${issue.message}`),
      };
    }
    const record = parsed.data;
    return {
      ok: true,
      record: {
        ...record,
        kind: kindOfIdNumber(record.idNumber),
        violations: record.violations.map(({ amount, ...violation }) => ({ ...violation, amountHalalas: amount })),
      },
    };
  };
}

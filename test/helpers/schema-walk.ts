// Walks the executable schema to generate authorization checks: selections
// that reach every object a person can see, the ID-carrying inputs and
// arguments to probe with someone else's IDs, plausible values for the rest of
// an input, and snapshots of the database to prove nothing changed.
import { sql } from 'drizzle-orm';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { fromGlobalId } from '../../src/server/global-id.js';
import type { TestPlatform } from './platform.js';

const requiresArguments = (field: GraphQLField<unknown, unknown>) => field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);

/** Connection wrappers add nesting, not distance from the viewer, so they do not count against depth. */
const isWrapper = (type: GraphQLNamedType) => /(Connection|Edge)$/.test(type.name);

/**
 * A selection set for `type`: every field without required arguments, objects
 * down to `depth` levels. With `idsOnly`, leaves other than `id` are left out.
 */
export function selectionOf(schema: GraphQLSchema, type: GraphQLNamedType, depth: number, options: { idsOnly?: boolean } = {}): string {
  if (isInterfaceType(type) || isUnionType(type)) {
    const hasId = isInterfaceType(type) && 'id' in type.getFields();
    return `__typename${hasId ? ' id' : ''}`;
  }
  if (!isObjectType(type)) return '';
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (requiresArguments(field)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      if (!options.idsOnly || field.name === 'id') parts.push(field.name);
      continue;
    }
    const cost = isWrapper(named) ? 0 : 1;
    if (depth - cost < 0 || named.name === 'Account') continue;
    const inner = selectionOf(schema, named, depth - cost, options);
    if (inner) parts.push(`${field.name} { ${inner} }`);
  }
  if (parts.length === 0 && 'id' in type.getFields()) parts.push('id');
  return parts.join(' ');
}

export interface SeenId {
  id: string;
  type: string;
}

/** Every global ID in an answer (any `id` that decodes as one), each once. */
export function globalIdsIn(value: unknown, found = new Map<string, SeenId>()): SeenId[] {
  if (Array.isArray(value)) for (const item of value) globalIdsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'id' && typeof inner === 'string') {
        const decoded = fromGlobalId(inner);
        if (decoded) found.set(inner, { id: inner, type: decoded.type });
      } else globalIdsIn(inner, found);
    }
  }
  return [...found.values()];
}

/** Where an ID goes in an input: the path of field names, and whether it is a list. */
export interface IdSlot {
  path: string[];
  list: boolean;
}

export function idSlotsOf(type: GraphQLInputObjectType, prefix: string[] = [], seen = new Set<string>()): IdSlot[] {
  if (seen.has(type.name)) return [];
  seen.add(type.name);
  const slots: IdSlot[] = [];
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    const path = [...prefix, field.name];
    if (named.name === 'ID') slots.push({ path, list: isListType(getNullableType(field.type)) });
    else if (isInputObjectType(named)) slots.push(...idSlotsOf(named, path, seen));
  }
  return slots;
}

/** Every input object type reachable from `type`, itself included. */
export function inputTypesReachableFrom(type: GraphQLInputType, found = new Map<string, GraphQLInputObjectType>()): GraphQLInputObjectType[] {
  const named = getNamedType(type);
  if (isInputObjectType(named) && !found.has(named.name)) {
    found.set(named.name, named);
    for (const field of Object.values(named.getFields())) inputTypesReachableFrom(field.type, found);
  }
  return [...found.values()];
}

/** Values a well-behaved client would send, by field name first, then by type. */
const BY_NAME: Record<string, unknown> = {
  idNumber: '1000000008',
  forIdNumber: '1000000008',
  granteeIdNumber: '1000000008',
  dateOfBirth: '1990-01-31',
  code: '123456',
  password: 'correct horse battery staple 42',
  currentPassword: 'correct horse battery staple 42',
  newPassword: 'another horse battery staple 43',
  cardToken: 'tok_visa',
  email: 'someone@example.sa',
  username: 'someone_else',
  month: '2026-11',
  from: '2026-12-10',
  to: '2027-01-20',
  validFrom: '2026-11-25',
  validUntil: '2027-01-25',
  nationality: 'EG',
  passportNumber: 'A12345678',
  months: 1,
  graduationYear: 2020,
  amount: '100.00',
  purpose: 'identity:match',
};

export function plausibleValue(type: GraphQLInputType, name: string, fillId: (name: string) => unknown): unknown {
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) return [plausibleValue(inner.ofType, name, fillId)];
  const named = getNamedType(inner);
  if (named.name === 'ID') return fillId(name);
  if (name in BY_NAME) return BY_NAME[name];
  if (isInputObjectType(named)) return plausibleInput(named, fillId);
  if (isEnumType(named)) return named.getValues()[0]!.name;
  switch (named.name) {
    case 'Int': return 1;
    case 'Float': return 1;
    case 'Boolean': return true;
    case 'Date': return '2026-12-10';
    case 'DateTime': return '2026-11-25T09:00:00.000Z';
    case 'Decimal': return '100.00';
    default: return `probe ${name}`;
  }
}

/** The required fields of an input, plus every ID field (optional ones included). */
export function plausibleInput(type: GraphQLInputObjectType, fillId: (name: string) => unknown): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of Object.values(type.getFields())) {
    const carriesId = idSlotsOf(type).some((slot) => slot.path[0] === field.name);
    if (isNonNullType(field.type) || carriesId) input[field.name] = plausibleValue(field.type, field.name, fillId);
  }
  return input;
}

export type Snapshot = Map<string, string[]>;

/** Tables the platform changes on its own timer (background jobs' leases): not anybody's data. */
const CHANGING_ON_THEIR_OWN = new Set(['job_leases']);

/** Every row of every table, as JSON lines (compared as sets: the order does not matter). */
export async function snapshotDatabase(platform: TestPlatform): Promise<Snapshot> {
  const { db } = platform;
  const names =
    db.dialect === 'sqlite'
      ? await db.rows<{ name: string }>(db.read, sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name`)
      : await db.rows<{ name: string }>(db.read, sql`select table_name as name from information_schema.tables where table_schema = 'public' order by table_name`);
  const snapshot: Snapshot = new Map();
  for (const { name } of names) {
    if (CHANGING_ON_THEIR_OWN.has(name)) continue;
    const rows = await db.rows(db.read, sql.raw(`select * from "${name}"`));
    snapshot.set(name, rows.map((row) => JSON.stringify(row)));
  }
  return snapshot;
}

export interface TableChange {
  table: string;
  removed: string[];
  added: string[];
}

export function changesBetween(before: Snapshot, after: Snapshot): TableChange[] {
  const changes: TableChange[] = [];
  for (const [table, rows] of after) {
    const old = new Set(before.get(table) ?? []);
    const now = new Set(rows);
    const removed = [...old].filter((row) => !now.has(row));
    const added = [...now].filter((row) => !old.has(row));
    if (removed.length || added.length) changes.push({ table, removed, added });
  }
  return changes;
}

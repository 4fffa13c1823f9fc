// The government's identity registry as the platform receives it: the source
// every person is verified against. Rows arrive through the registry import.
import { sqliteTable, text, integer, primaryKey, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const registryPersons = sqliteTable('registry_persons', {
  idNumber: text('id_number').primaryKey(),
  kind: text('kind', { enum: ['CITIZEN', 'RESIDENT'] }).notNull(),
  nameAr: text('name_ar').notNull(),
  nameEn: text('name_en').notNull(),
  dateOfBirth: text('date_of_birth').notNull(),
  gender: text('gender', { enum: ['M', 'F'] }).notNull(),
  nationality: text('nationality').notNull(),
  mobile: text('mobile').notNull(),
  city: text('city').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

export const registryDocuments = sqliteTable(
  'registry_documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personIdNumber: text('person_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    type: text('type', {
      enum: ['NATIONAL_ID', 'IQAMA', 'PASSPORT', 'DRIVING_LICENSE', 'VEHICLE_REGISTRATION'],
    }).notNull(),
    number: text('number').notNull(),
    issuedOn: text('issued_on').notNull(),
    expiresOn: text('expires_on').notNull(),
  },
  (t) => [uniqueIndex('registry_documents_type_number').on(t.type, t.number), index('registry_documents_person').on(t.personIdNumber)],
);

export const registryVehicles = sqliteTable(
  'registry_vehicles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ownerIdNumber: text('owner_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    plate: text('plate').notNull().unique(),
    make: text('make').notNull(),
    model: text('model').notNull(),
    year: integer('year').notNull(),
  },
  (t) => [index('registry_vehicles_owner').on(t.ownerIdNumber)],
);

export const trafficViolations = sqliteTable(
  'traffic_violations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    number: text('number').notNull().unique(),
    personIdNumber: text('person_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    plate: text('plate').notNull(),
    descriptionAr: text('description_ar').notNull(),
    descriptionEn: text('description_en').notNull(),
    amountHalalas: integer('amount_halalas').notNull(),
    issuedAt: text('issued_at').notNull(),
    city: text('city').notNull(),
    status: text('status', { enum: ['UNPAID', 'PAID', 'UNDER_OBJECTION', 'CANCELLED'] })
      .notNull()
      .default('UNPAID'),
  },
  (t) => [index('traffic_violations_person').on(t.personIdNumber, t.status)],
);

export const familyLinks = sqliteTable(
  'registry_family_links',
  {
    // The link's own ID (its global ID's key): the ID-number pair must not leak into global IDs.
    id: integer('id').primaryKey({ autoIncrement: true }),
    guardianIdNumber: text('guardian_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    dependentIdNumber: text('dependent_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    relationship: text('relationship', { enum: ['CHILD', 'SPOUSE', 'PARENT', 'OTHER'] }).notNull(),
  },
  (t) => [uniqueIndex('family_links_pair').on(t.guardianIdNumber, t.dependentIdNumber), index('family_links_dependent').on(t.dependentIdNumber)],
);

// A birth record's parents as the registry names them: who may register the
// child as their dependent. One or two rows per child.
export const registryParentage = sqliteTable(
  'registry_parentage',
  {
    childIdNumber: text('child_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
    parentIdNumber: text('parent_id_number')
      .notNull()
      .references(() => registryPersons.idNumber),
  },
  (t) => [primaryKey({ columns: [t.childIdNumber, t.parentIdNumber] })],
);

export type RegistryPersonRow = typeof registryPersons.$inferSelect;
export type RegistryDocumentRow = typeof registryDocuments.$inferSelect;
export type TrafficViolationRow = typeof trafficViolations.$inferSelect;

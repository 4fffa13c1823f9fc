// Builders for notifications, officers and agents, shared by the notification,
// support and education tests.
import { desc, eq } from 'drizzle-orm';
import { accounts } from '../../src/modules/identity/tables.js';
import { notify } from '../../src/modules/notifications/notify.js';
import { notifications } from '../../src/modules/notifications/tables.js';
import { graphql, type GraphQLSchema } from 'graphql';
import { countStatements } from '../../src/db/statement-counter.js';
import { first } from '../../src/db/database.js';
import { buildSchema } from '../../src/server/schema.js';
import { createRequestContext } from '../../src/server/context.js';
import type { TestPlatform } from './platform.js';
import { registerAccount, signInAccount, type SignedIn } from './people.js';

/** A person signed in with the given back-office roles (roles are re-read on every request). */
export async function signedInWithRoles(platform: TestPlatform, roles: string[]): Promise<SignedIn> {
  const registered = await registerAccount(platform);
  await platform.db.atomically(async (tx) => {
    await tx.update(accounts).set({ roles }).where(eq(accounts.personIdNumber, registered.idNumber));
  });
  return signInAccount(platform, registered);
}

let serial = 0;

/** A notification for the person, as another module would write it; returns its row ID. */
export async function addNotification(
  platform: TestPlatform,
  personIdNumber: string,
  overrides: { kind?: string; en?: string; ar?: string; at?: Date } = {},
): Promise<number> {
  serial += 1;
  const en = overrides.en ?? `Notice ${serial}`;
  const ar = overrides.ar ?? `إشعار ${serial}`;
  return platform.db.atomically(async (tx) => {
    await notify(tx, {
      personIdNumber,
      kind: overrides.kind ?? 'TEST_NOTICE',
      title: { en, ar },
      body: { en: `${en}: details`, ar: `${ar}: التفاصيل` },
    }, overrides.at ?? new Date());
    // The person's newest notification, read in the same transaction: the one just written.
    const row = await first(
      tx.select({ id: notifications.id }).from(notifications).where(eq(notifications.personIdNumber, personIdNumber)).orderBy(desc(notifications.id)).limit(1),
    );
    return row!.id;
  });
}

export function notificationRow(platform: TestPlatform, id: number) {
  return first(platform.db.read.select().from(notifications).where(eq(notifications.id, id)));
}

/** What the client sees of a global ID's local part; tests only, clients never parse IDs. */
export function localIdOf(globalId: string): number {
  return Number(Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1]);
}

/**
 * Runs an operation in-process for `person` and returns the SQL it ran. The
 * statement counter follows one async scope, which a request handled by the
 * HTTP server does not share with the test; the schema, resolvers, services
 * and loaders are the server's own.
 */
export async function statementsOf(platform: TestPlatform, person: SignedIn, roles: string[], source: string, variableValues: Record<string, unknown> = {}) {
  const viewer = { kind: 'person' as const, accountId: localIdOf(person.accountId), sessionId: 'statement-count', roles, issuedAt: 0 };
  const { result, statements } = await countStatements(() =>
    graphql({
      schema: schema ??= buildSchema(), source, variableValues,
      contextValue: createRequestContext({
        requestId: 'statement-count', language: 'en', viewer, client: { ipAddress: null, userAgent: 'test' },
        services: platform.services, logger: platform.logger,
      }),
    }),
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return { data: result.data as any, statements };
}

let schema: GraphQLSchema | undefined;

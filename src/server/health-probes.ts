// Probes for orchestrators and load balancers. /livez: the process answers
// (restart it if not). /readyz: send it traffic (the database answers, every
// migration is applied, and it is not shutting down). /healthz: the contract's
// check, kept as it was.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.js';
import { appliedMigrationTimes, pendingMigrations, readMigrationJournal } from './migration-status.js';

export interface ProbeDeps {
  db: Database;
  /** True once shutdown has begun: the server still answers, but wants no new traffic. */
  isDraining: () => boolean;
}

type Unready = 'draining' | 'database unreachable' | 'migrations pending';

export function registerHealthProbes(app: FastifyInstance, deps: ProbeDeps): void {
  const journal = readMigrationJournal(deps.db.dialect);
  // Probes come every few seconds: logging each would drown the request log.
  const quiet = { logLevel: 'warn' as const };

  async function unreadyBecause(): Promise<Unready | null> {
    if (deps.isDraining()) return 'draining';
    if (!(await deps.db.ping())) return 'database unreachable';
    try {
      return pendingMigrations(journal, await appliedMigrationTimes(deps.db)).length > 0 ? 'migrations pending' : null;
    } catch {
      // No migrations table at all: nothing was applied.
      return 'migrations pending';
    }
  }

  app.get('/livez', quiet, async () => ({ status: 'ok' }));

  app.get('/readyz', quiet, async (_request, reply) => {
    const reason = await unreadyBecause();
    if (reason) return reply.code(503).send({ status: 'unavailable', reason });
    return { status: 'ready' };
  });

  app.get('/healthz', quiet, async (_request, reply) => {
    if (!(await deps.db.ping())) return reply.code(503).send({ status: 'unavailable' });
    return { status: 'ok' };
  });
}

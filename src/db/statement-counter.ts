// Counts the SQL statements run inside a scope, so tests can prove that an
// operation stays within its budget (no N+1) however many rows it returns.
import { AsyncLocalStorage } from 'node:async_hooks';

interface StatementLog {
  statements: string[];
}

const scope = new AsyncLocalStorage<StatementLog>();

export function recordStatement(sql: unknown): void {
  scope.getStore()?.statements.push(String(sql));
}

export async function countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const log: StatementLog = { statements: [] };
  const result = await scope.run(log, work);
  return { result, statements: log.statements };
}

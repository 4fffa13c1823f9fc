// The request being served, for code that has no request object at hand:
// Apollo's formatError receives only the error, yet every error a client sees
// carries the request ID, so that support can find the log lines of "the
// error I got" from what the client shows.
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestScope {
  requestId: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs `next` (and everything it starts) as part of the request with this ID. */
export function runInRequestScope(requestId: string, next: () => void): void {
  scope.run({ requestId }, next);
}

/** The ID of the request the caller is working for, if any. */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}

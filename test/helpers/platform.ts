// Starts the real platform (HTTP server on a free port, a fresh database of
// the dialect under test, see test-database.ts) and talks to it over HTTP,
// as a client would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startPlatform, type Platform } from '../../src/server/platform.js';
import { createLogger, type Logger } from '../../src/server/logger.js';
import { createTestDatabase } from './test-database.js';

export interface TestPlatform extends Platform {
  dataDir: string;
  outboxFile: string;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<GraphQLResponse<T>>;
  /** The one-time codes sent so far, newest last. */
  outbox(): OutboxMessage[];
  lastCode(to?: string): string;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
}

export interface GraphQLResponse<T> {
  status: number;
  data: T;
  errors?: Array<{ message: string; extensions?: { code?: string } & Record<string, unknown>; path?: string[] }>;
  extensions?: Record<string, unknown>;
}

export interface OutboxMessage {
  channel: 'sms' | 'email';
  to: string;
  purpose: string;
  code?: string;
  text: string;
  sentAt: string;
}

/**
 * `now` replaces the platform's clock (every service reads it), so a test can
 * move "today" — e.g. `let today = new Date(...); startTestPlatform({}, { now: () => today })`.
 */
export async function startTestPlatform(env: Record<string, string> = {}, options: { now?: () => Date; logger?: Logger } = {}): Promise<TestPlatform> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'absher-test-'));
  // A test that names its own database (a file to copy, a process to share it with) keeps it.
  const database = env.DATABASE_URL ? null : await createTestDatabase(dataDir);
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    OUTBOX_FILE: path.join(dataDir, 'outbox.jsonl'),
    LOG_LEVEL: 'silent',
    // Files run in parallel, each with its platforms: stay well under PostgreSQL's max_connections.
    DATABASE_POOL_SIZE: '4',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...env,
  });
  const { outboxFile } = config;
  const platform = await startPlatform(config, { logger: options.logger ?? createLogger({ level: config.logLevel }), now: options.now });

  const outbox = (): OutboxMessage[] =>
    fs.existsSync(outboxFile)
      ? fs.readFileSync(outboxFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as OutboxMessage)
      : [];

  return {
    ...platform,
    dataDir,
    outboxFile,
    outbox,
    lastCode(to) {
      const message = outbox().filter((m) => m.code && (!to || m.to === to)).at(-1);
      if (!message?.code) throw new Error(`no code sent${to ? ` to ${to}` : ''}`);
      return message.code;
    },
    async gql<T>(query: string, variables: Record<string, unknown> = {}, options: RequestOptions = {}) {
      const response = await fetch(`${platform.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
      return { status: response.status, ...body };
    },
    async stop() {
      await platform.stop();
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface PlatformWithClock {
  /** Started before the first test of the enclosing describe (or file). */
  platform: TestPlatform;
  /** "Now" for every service of that platform; tests move it. */
  now: Date;
}

/**
 * Registers hooks that start a platform of its own for the enclosing describe
 * (or file) and stop it after, with a clock the tests set through `now`.
 * Access tokens keep the real clock, so move `now` only for steps that need
 * no fresh access token.
 */
export function platformWithClock(env: Record<string, string> = {}, options: { start?: Date; logger?: Logger } = {}): PlatformWithClock {
  const handle = { now: options.start ?? new Date() } as PlatformWithClock;
  beforeAll(async () => {
    handle.platform = await startTestPlatform(env, { now: () => handle.now, logger: options.logger });
  });
  afterAll(async () => {
    await handle.platform.stop();
  });
  return handle;
}

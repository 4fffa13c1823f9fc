// Every environment variable the platform reads, validated once at start-up.
// A bad value stops the process with a message that names the variable, so an
// operator never discovers a typo from a half-working server.
import path from 'node:path';
import { z } from 'zod';
import type { DatabaseSettings } from './db/open.js';

const environments = ['development', 'test', 'production'] as const;

// Encryption keys at rest (AES-256-GCM): base64 of 32 bytes each, comma
// separated; the first encrypts, all of them decrypt (rotation).
const dataKeys = z
  .string()
  .refine((v) => v.split(',').every((k) => /^[A-Za-z0-9+/]{43}=$/.test(k.trim())), 'must be base64 of 32 bytes (comma separated for rotation)')
  .optional();
const keyList = (value: string | undefined) => value?.split(',').map((k) => k.trim());

const envSchema = z.object({
  NODE_ENV: z.enum(environments).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('data'),
  // file:<path> keeps the embedded SQLite file; postgres://user@host:port/db
  // selects PostgreSQL, for any number of instances over one database.
  DATABASE_URL: z
    .string()
    .regex(/^(file:.+|postgres(ql)?:\/\/.+)$/, 'must look like file:<path> (SQLite) or postgres://user@host:port/database (PostgreSQL)')
    .optional(),
  // PostgreSQL only: connections per instance, the server-side cap on one
  // statement, and TLS to the server (verify-full checks its certificate
  // against DATABASE_SSL_CA, or the system's authorities).
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  DATABASE_SSL: z.enum(['disable', 'require', 'verify-full']).default('disable'),
  DATABASE_SSL_CA: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // auto: readable lines in development on a terminal, JSON lines otherwise.
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  JWT_ISSUER: z.string().url().default('https://api.absher.local'),
  JWT_AUDIENCE: z.string().min(1).default('absher-graphql'),
  // The private signing key(s) as a JSON array of private JWKs, each with a
  // `kid`; the first one signs, all of them verify (rotation).
  JWT_PRIVATE_JWKS: z.string().optional(),
  OUTBOX_FILE: z.string().optional(),
  SEED_DEMO_DATA: z.enum(['auto', 'yes', 'no']).default('auto'),
  // What GET /graphql shows a browser outside production: GraphiQL served
  // from our own packages (works offline), Apollo Sandbox (loaded from
  // Apollo's CDN), or nothing.
  GRAPHQL_EXPLORER: z.enum(['graphiql', 'sandbox', 'none']).default('graphiql'),
  // Health records, and authenticator-app secrets: one ring per purpose.
  HEALTH_DATA_KEY: dataKeys,
  TOTP_SECRET_KEY: dataKeys,
  // SMS that registration, password reset and resends may send in an hour,
  // all callers together: the cap on what SMS-pumping fraud can cost.
  SMS_HOURLY_BUDGET: z.coerce.number().int().min(1).default(10_000),
  // On SIGTERM: how long /readyz answers 503 while requests are still taken,
  // so that a load balancer polling it stops sending before the port closes;
  // then how long requests in flight may take before the process exits anyway.
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(300).default(0),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().gt(0).max(3600).default(25),
  // Prometheus metrics on a port of their own, never the public one: unset,
  // nothing is served. Beyond this machine they need a bearer token.
  METRICS_PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number')
    .transform(Number)
    .pipe(z.number().max(65535, 'must be a port number'))
    .optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32)').optional(),
  // OpenTelemetry tracing, on when an OTLP endpoint is named; the SDK reads
  // the other OTEL_* variables (protocol, headers, sampler) itself.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('absher-graphql'),
  OTEL_SDK_DISABLED: z.enum(['true', 'false']).default('false'),
});

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

export type Environment = (typeof environments)[number];

export interface Config {
  env: Environment;
  isProduction: boolean;
  isDevelopment: boolean;
  port: number;
  host: string;
  dataDir: string;
  /** Which database, and how to reach it (DATABASE_URL and the DATABASE_* settings). */
  database: DatabaseSettings;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  logFormat: z.infer<typeof envSchema>['LOG_FORMAT'];
  jwt: { issuer: string; audience: string; privateJwks: string | undefined };
  outboxFile: string;
  seedDemoData: boolean;
  /** GRAPHQL_EXPLORER; production serves no explorer whatever it says. */
  explorer: z.infer<typeof envSchema>['GRAPHQL_EXPLORER'];
  /** Health data keys from HEALTH_DATA_KEY (base64), current first; development and tests make one under the data folder. */
  healthDataKeys: string[] | undefined;
  /** Authenticator-app secret keys from TOTP_SECRET_KEY, like the health keys. */
  totpSecretKeys: string[] | undefined;
  /** SMS_HOURLY_BUDGET: codes the public steps may send in an hour, everyone together. */
  smsHourlyBudget: number;
  /** SHUTDOWN_DELAY_SECONDS and SHUTDOWN_TIMEOUT_SECONDS, in milliseconds. */
  shutdown: { delayMs: number; timeoutMs: number };
  /** Where /metrics is served (METRICS_PORT, METRICS_HOST, METRICS_TOKEN); null when METRICS_PORT is unset. */
  metrics: { port: number; host: string; token: string | undefined } | null;
  /** OpenTelemetry tracing, when OTEL_EXPORTER_OTLP_ENDPOINT (or its traces-only variant) is set. */
  tracing: { serviceName: string } | null;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction && !e.JWT_PRIVATE_JWKS) {
    throw new ConfigError(
      'JWT_PRIVATE_JWKS',
      'is required in production: the server never signs tokens with a key it made up itself',
    );
  }
  if (isProduction && !e.HEALTH_DATA_KEY) {
    throw new ConfigError('HEALTH_DATA_KEY', 'is required in production: health records are encrypted with a key kept outside the database');
  }
  if (isProduction && !e.TOTP_SECRET_KEY) {
    throw new ConfigError('TOTP_SECRET_KEY', 'is required in production: authenticator-app secrets are encrypted with a key kept outside the database');
  }
  if (isProduction && e.METRICS_PORT !== undefined && !isLoopback(e.METRICS_HOST) && !e.METRICS_TOKEN) {
    throw new ConfigError('METRICS_TOKEN', `is required in production when metrics listen beyond this machine (METRICS_HOST=${e.METRICS_HOST})`);
  }
  if (e.DATABASE_SSL_CA && e.DATABASE_SSL !== 'verify-full') {
    throw new ConfigError('DATABASE_SSL_CA', 'is only read with DATABASE_SSL=verify-full');
  }
  const database: DatabaseSettings = e.DATABASE_URL?.startsWith('postgres')
    ? {
        dialect: 'postgres',
        url: e.DATABASE_URL,
        poolSize: e.DATABASE_POOL_SIZE,
        statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
        ssl: e.DATABASE_SSL,
        caFile: e.DATABASE_SSL_CA,
      }
    : { dialect: 'sqlite', path: e.DATABASE_URL ? e.DATABASE_URL.slice('file:'.length) : path.join(e.DATA_DIR, `${e.NODE_ENV}.db`) };
  return {
    env: e.NODE_ENV,
    isProduction,
    isDevelopment: e.NODE_ENV === 'development',
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    database,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    jwt: { issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE, privateJwks: e.JWT_PRIVATE_JWKS },
    outboxFile: e.OUTBOX_FILE ?? path.join(e.DATA_DIR, 'outbox.jsonl'),
    seedDemoData:
      e.SEED_DEMO_DATA === 'yes' || (e.SEED_DEMO_DATA === 'auto' && e.NODE_ENV === 'development'),
    explorer: e.GRAPHQL_EXPLORER,
    healthDataKeys: keyList(e.HEALTH_DATA_KEY),
    totpSecretKeys: keyList(e.TOTP_SECRET_KEY),
    smsHourlyBudget: e.SMS_HOURLY_BUDGET,
    shutdown: { delayMs: e.SHUTDOWN_DELAY_SECONDS * 1000, timeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000 },
    metrics: e.METRICS_PORT === undefined ? null : { port: e.METRICS_PORT, host: e.METRICS_HOST, token: e.METRICS_TOKEN },
    tracing:
      (e.OTEL_EXPORTER_OTLP_ENDPOINT || e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && e.OTEL_SDK_DISABLED === 'false'
        ? { serviceName: e.OTEL_SERVICE_NAME }
        : null,
  };
}

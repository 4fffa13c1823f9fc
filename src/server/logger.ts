// Structured logs. Secrets and identity numbers are redacted wherever they sit
// in a logged object, so a careless `log.info({ input })` cannot leak them.
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

const SECRET_KEYS = [
  'password', 'newPassword', 'currentPassword', 'code', 'token', 'accessToken', 'refreshToken',
  'refresh_token', 'access_token', 'client_secret', 'clientSecret', 'idNumber', 'cardToken', 'authorization', 'cookie',
];

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'variables',
  ...SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
];

/**
 * JSON lines for machines by default; `pretty` gives a developer's terminal
 * one readable, coloured line per entry (redaction applies all the same: it
 * runs before either format is written).
 */
export function createLogger(options: { level: string; destination?: pino.DestinationStream; pretty?: boolean }): Logger {
  const destination = options.pretty
    ? pretty({ destination: options.destination ?? 1, sync: true, singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' })
    : options.destination;
  return pino(
    {
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** LOG_FORMAT=auto: readable when a developer watches the terminal, JSON wherever logs are collected. */
export function wantsPrettyLogs(format: 'auto' | 'json' | 'pretty', isDevelopment: boolean, stdoutIsTerminal = process.stdout.isTTY === true): boolean {
  return format === 'pretty' || (format === 'auto' && isDevelopment && stdoutIsTerminal);
}

export type { Logger };

// Structured logs. Secrets and identity numbers are redacted wherever they sit
// in a logged object, so a careless `log.info({ input })` cannot leak them.
import pino, { type Logger } from 'pino';

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

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

export type { Logger };

// A logger whose output the test can read back, for tests about what is (and
// is not) logged.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/server/logger.js';

export interface CapturedLog {
  logger: Logger;
  /** Everything written so far, one JSON line per entry. */
  text(): string;
}

export function capturedLog(level: string): CapturedLog {
  let written = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  return { logger: createLogger({ level, destination: sink }), text: () => written };
}

// Reads the configuration, opens the database and starts the server; on
// SIGTERM or SIGINT stops taking requests, finishes those in flight and exits.
import { loadConfig, ConfigError } from './config.js';
import { startPlatform } from './server/platform.js';

try {
  const config = loadConfig();
  const platform = await startPlatform(config);
  let stopping = false;
  const stop = (signal: string) => {
    // npm forwards the signal it receives, and Ctrl-C in a terminal reaches
    // npm and node alike: one stop can arrive twice. The deadline below, not
    // a second signal, is what cuts a drain short.
    if (stopping) return;
    stopping = true;
    platform.logger.info({ signal }, 'shutting down: finishing requests in flight');
    const deadline = setTimeout(() => {
      platform.logger.error({ timeoutMs: config.shutdown.timeoutMs }, 'requests still in flight at the shutdown deadline: exiting anyway');
      process.exit(1);
    }, config.shutdown.timeoutMs);
    deadline.unref();
    platform.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        platform.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
}

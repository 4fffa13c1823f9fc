// Reads the configuration, opens the database and starts the server.
import { loadConfig, ConfigError } from './config.js';
import { startPlatform } from './server/platform.js';

try {
  const platform = await startPlatform(loadConfig());
  const stop = (signal: string) => {
    platform.logger.info({ signal }, 'shutting down: finishing requests in flight');
    platform.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        platform.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
}

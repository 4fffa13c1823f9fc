// Reads the configuration, starts tracing if configured, opens the database
// and starts the server; on SIGTERM or SIGINT stops taking requests, finishes
// those in flight, sends the last spans and exits.
import { loadConfig, ConfigError } from './config.js';

try {
  const config = loadConfig();
  // Before the platform's modules are loaded: tracing patches them as they load.
  const tracing = config.tracing ? (await import('./server/tracing.js')).startTracing(config.tracing) : null;
  const { startPlatform } = await import('./server/platform.js');
  const platform = await startPlatform(config);
  if (tracing) platform.logger.info({ serviceName: config.tracing?.serviceName }, 'sending traces over OTLP');
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
    platform
      .stop()
      .then(() => tracing?.shutdown())
      .then(
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

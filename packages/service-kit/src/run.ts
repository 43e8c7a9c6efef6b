import type { z } from 'zod';
import { ConfigError, parseConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { onShutdownSignal } from './shutdown.js';

export interface RunningService {
  stop(): Promise<void>;
}

/**
 * The whole `main` of a service: parse the environment once (a bad variable stops the process with a message naming it),
 * create the logger, start, and stop gracefully on SIGTERM/SIGINT.
 */
export async function runService<Schema extends z.ZodType<{ LOG_LEVEL: string }>>(
  name: string,
  schema: Schema,
  start: (config: z.output<Schema>, logger: Logger) => Promise<RunningService>,
): Promise<void> {
  let config: z.output<Schema>;
  try {
    config = parseConfig(schema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${name}: ${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  const logger = createLogger(name, { level: config.LOG_LEVEL });
  try {
    const service = await start(config, logger);
    onShutdownSignal(logger, () => service.stop());
  } catch (error) {
    logger.fatal({ err: error }, 'failed to start');
    process.exit(1);
  }
}

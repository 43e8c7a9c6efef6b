import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** The services' root logger: JSON to stdout, structured fields first, secrets redacted. */
export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  return pino({
    name: service,
    level: process.env.LOG_LEVEL ?? 'info',
    redact: {
      paths: ['req.headers.authorization', 'req.headers["webhook-signature"]', '*.secret', '*.apiKey', 'secret', 'apiKey'],
      censor: '[redacted]',
    },
    ...options,
  });
}

/** A logger that writes nothing, for tests and CLIs that do not want service logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

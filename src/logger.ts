import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** JSON lines on stdout (pino's default); `destination` lets tests capture them. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      // The pid tells the workers of one server (WORKERS) apart.
      base: { service: 'dualmind', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['api_key', '*.api_key', 'req.headers.authorization', 'password', '*.password'], censor: '[redacted]' },
    },
    destination ?? process.stdout,
  );
}

import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** JSON lines on stdout (pino's default); `destination` lets tests capture them. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'dualmind' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['api_key', '*.api_key', 'req.headers.authorization', 'password', '*.password'], censor: '[redacted]' },
    },
    destination ?? process.stdout,
  );
}

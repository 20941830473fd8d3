import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { inject } from 'vitest';
import { createLogger, type Logger } from '../../src/logger.js';

/** Where every test server logs; test/audit/ reads it all at the end of the run. */
export function testLogDir(): string {
  const dir = inject('testLogDir');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A debug-level logger writing JSON lines into the run's log folder. */
export function testLogger(name: string): Logger {
  const file = path.join(testLogDir(), `${name}-${randomUUID().slice(0, 8)}.log`);
  return createLogger('debug', pino.destination({ dest: file, sync: true }));
}

/** Saves a child process's output beside the other logs. */
export function saveProcessOutput(name: string, output: string): void {
  fs.writeFileSync(path.join(testLogDir(), `${name}-${randomUUID().slice(0, 8)}.log`), output);
}

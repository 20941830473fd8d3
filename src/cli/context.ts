import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

export interface CliContext {
  config: Config;
  /** JSON lines on stderr, so stdout carries only the command's own output. */
  logger: Logger;
}

/** A command: its arguments after the command name; resolves with the exit code. */
export type Command = (args: string[], context: CliContext) => Promise<number>;

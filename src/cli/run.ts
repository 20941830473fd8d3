import { pino } from 'pino';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { addKeyCommand } from './commands/addKey.js';
import { backupCommand } from './commands/backup.js';
import { createAdminCommand } from './commands/createAdmin.js';
import { doctorCommand } from './commands/doctor.js';
import { evalRunCommand } from './commands/evalRun.js';
import { exportBattlesCommand } from './commands/exportBattles.js';
import { importModelsCommand } from './commands/importModels.js';
import { migrateCommand } from './commands/migrate.js';
import { restoreCommand } from './commands/restore.js';
import { rotateSecretCommand } from './commands/rotateSecret.js';
import type { Command } from './context.js';
import { UsageError } from './errors.js';
import { print } from './output.js';
import { USAGE } from './usage.js';

const COMMANDS: Record<string, Command> = {
  migrate: migrateCommand,
  'create-admin': createAdminCommand,
  'add-key': addKeyCommand,
  'models import': importModelsCommand,
  'export-battles': exportBattlesCommand,
  doctor: doctorCommand,
  'rotate-secret': rotateSecretCommand,
  'eval run': evalRunCommand,
  backup: backupCommand,
  restore: restoreCommand,
};

/** `models import x` → the command "models import" and its arguments ["x"]. */
function resolve(argv: string[]): { name: string; command: Command; args: string[] } {
  const [first = '', second = '', ...rest] = argv;
  const twoWords = COMMANDS[`${first} ${second}`];
  if (twoWords) return { name: `${first} ${second}`, command: twoWords, args: rest };
  const oneWord = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (oneWord) return { name: first, command: oneWord, args: argv.slice(1) };
  if (first === 'models' || first === 'eval') {
    throw new UsageError(`unknown command "${first} ${second}" (${first} has one subcommand: ${first === 'models' ? 'import' : 'run'})`);
  }
  throw new UsageError(`unknown command "${first}"`);
}

/**
 * Runs one command line; resolves with the exit code. Usage errors are thrown before the
 * configuration is read, so `dualmind typo` says "unknown command" whatever the environment.
 */
export async function run(argv: string[]): Promise<number> {
  const [first] = argv;
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    print(USAGE.trimEnd());
    return 0;
  }
  const { command, args } = resolve(argv);
  if (args.includes('--help') || args.includes('-h')) {
    print(USAGE.trimEnd());
    return 0;
  }
  const config = loadConfig();
  // Logs go to stderr (fd 2, synchronously, so none is lost at exit): stdout is the command's.
  const logger = createLogger(config.LOG_LEVEL, pino.destination({ dest: 2, sync: true }));
  return command(args, { config, logger });
}

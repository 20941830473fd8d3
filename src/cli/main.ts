import { ConfigError } from '../config.js';
import { DataDirInUseError } from '../db/dataDirLock.js';
import { AppError } from '../errors.js';
import { UsageError } from './errors.js';
import { run } from './run.js';
import { USAGE } from './usage.js';

/** Exit codes as the server's: 2 for a usage or configuration error, 1 for any other failure. */
async function main(): Promise<number> {
  try {
    return await run(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`dualmind: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    // Expected failures say what is wrong in one line; anything else also names itself as unexpected.
    const expected = error instanceof AppError || error instanceof DataDirInUseError;
    process.stderr.write(`dualmind: ${expected ? '' : 'failed: '}${(error as Error).message}\n`);
    return 1;
  }
}

const code = await main();
// Let piped output drain before exiting; exiting explicitly also ends any keep-alive sockets.
process.stdout.write('', () => process.exit(code));

import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
import { UsageError } from './errors.js';

/** parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown options and the like. */
function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/**
 * One command's arguments: its options (strict: an unknown option is a usage error) and
 * exactly the positionals named, in order.
 */
export function parseCommand<const O extends Options>(command: string, args: string[], options: O, positionalNames: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(`${command}: ${error.message}`);
    throw error;
  }
  const { positionals } = parsed;
  if (positionals.length < positionalNames.length) {
    throw new UsageError(`${command}: missing <${positionalNames[positionals.length]}>`);
  }
  if (positionals.length > positionalNames.length) {
    throw new UsageError(`${command}: unexpected argument ${JSON.stringify(positionals[positionalNames.length])}`);
  }
  return parsed;
}

// `npm run api:types` rewrites web/src/api/openapi.ts from the routes; `-- --check` only says
// whether it is up to date (exit 1 when stale), as the test suite does.
import fs from 'node:fs';
import path from 'node:path';
import { API_TYPES_FILE, apiTypesStatus } from './apiTypes.js';

const status = await apiTypesStatus();
const shown = path.relative(process.cwd(), API_TYPES_FILE);
if (process.argv.includes('--check')) {
  console.log(status.fresh ? `${shown} is up to date` : `${shown} is stale: run npm run api:types`);
  process.exitCode = status.fresh ? 0 : 1;
} else if (status.fresh) {
  console.log(`${shown} is up to date`);
} else {
  fs.writeFileSync(API_TYPES_FILE, status.expected);
  console.log(`wrote ${shown}`);
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { type App, openApiDocument } from './openapiDocument.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The web app's API types, generated; committed so the web build needs no server. */
export const API_TYPES_FILE = path.join(root, 'web/src/api/openapi.ts');

const HEADER = `// Generated from the server's OpenAPI document by \`npm run api:types\` (scripts/apiTypes/).
// Do not edit: change the route's Zod schemas and regenerate. \`npm test\` fails while this is stale.
/* eslint-disable */
`;

/**
 * The TypeScript of the document: \`paths\` for openapi-fetch, and one exported type per named
 * schema (\`User\`, \`ThreadMessage\`, …) so pages import shapes by name.
 */
export async function renderApiTypes(app?: App): Promise<string> {
  const ast = await openapiTS(openApiDocument(app) as unknown as OpenAPI3, { rootTypes: true, rootTypesNoSchemaPrefix: true, enumValues: true, silent: true });
  return HEADER + astToString(ast);
}

export interface ApiTypesStatus {
  fresh: boolean;
  /** What `npm run api:types` would write. */
  expected: string;
}

/** Whether the committed file is what the current routes generate. */
export async function apiTypesStatus(app?: App): Promise<ApiTypesStatus> {
  const expected = await renderApiTypes(app);
  const committed = fs.existsSync(API_TYPES_FILE) ? fs.readFileSync(API_TYPES_FILE, 'utf8') : '';
  return { fresh: committed === expected, expected };
}

import { PassThrough, Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { recordAudit } from '../audit/log.js';
import { UnauthorizedError } from '../errors.js';
import { clientIp } from '../http/clientIp.js';
import type { AppDeps } from '../http/context.js';
import { errorResponses } from '../http/json.js';
import { sameToken } from '../http/sameToken.js';
import { createRouter } from '../http/router.js';
import { LOCAL_TOKEN_HEADER, publishedToken } from './localApi.js';
import { writeBackup } from './snapshot.js';

const backupRoute = createRoute({
  method: 'get',
  path: '/local/backup',
  tags: ['local'],
  summary: `A backup of the whole database (gzip-compressed JSON lines), for \`npx dualmind backup\` on this machine: it needs the ${LOCAL_TOKEN_HEADER} header with the token in DATA_DIR/local-api-token, not a user's token`,
  request: { headers: z.object({ [LOCAL_TOKEN_HEADER]: z.string().optional() }) },
  responses: {
    200: { description: 'The backup file', content: { 'application/gzip': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses(401),
  },
});

/**
 * Routes for local tools. Not for admins' browsers: a backup holds every password hash and
 * encrypted provider key, so it needs the data directory's token, which only a process that
 * can read DATA_DIR has.
 */
export function localRoutes(deps: AppDeps) {
  // Only a server that published a token (one holding an embedded data directory) has one; the
  // route never creates it, so a request cannot make a server write into DATA_DIR.
  let token: string | undefined;
  return createRouter().openapi(backupRoute, async (c) => {
    token ??= publishedToken(deps.config.DATA_DIR);
    if (token === undefined || !sameToken(c.req.header(LOCAL_TOKEN_HEADER), token)) {
      throw new UnauthorizedError(`This route is for local tools: send the token in DATA_DIR/local-api-token as ${LOCAL_TOKEN_HEADER} (npx dualmind backup does)`);
    }
    await recordAudit(deps.db, { actor: { kind: 'local', ip: clientIp(c, deps.config.TRUST_PROXY) }, action: 'database.backup', method: 'GET', route: '/api/local/backup', status: 200, request_id: c.get('requestId') });
    const out = new PassThrough();
    // Streamed as it is written; a failure cuts the stream short, which the client's check of
    // the file (its end line and checksums) turns into a clear error.
    writeBackup({ db: deps.db, kind: deps.databaseKind }, out).catch((error: unknown) => {
      deps.logger.error({ err: error }, 'backup failed');
      out.destroy(error as Error);
    });
    c.header('content-disposition', 'attachment; filename="dualmind.backup"');
    return c.body(Readable.toWeb(out) as ReadableStream<Uint8Array>, 200, { 'content-type': 'application/gzip' });
  });
}

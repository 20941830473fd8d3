import { createRoute, z } from '@hono/zod-openapi';
import { roleSchema, toUserJson, userSchema } from '../auth/schemas.js';
import { changeRole, listUsers } from '../auth/userDirectory.js';
import { toRole } from '../auth/users.js';
import type { AppDeps } from '../http/context.js';
import { bearerSecurity, errorResponses, jsonContent } from '../http/json.js';
import { createRouter } from '../http/router.js';

const listRoute = createRoute({
  method: 'get',
  path: '/users',
  tags: ['admin'],
  summary: 'Users, newest first, searchable by email',
  security: bearerSecurity,
  request: {
    query: z.object({
      query: z.string().trim().max(320).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: { description: 'A page of users', ...jsonContent(z.object({ users: z.array(userSchema), total: z.number().int() }).openapi('UserPage')) },
    ...errorResponses(400, 401, 403),
  },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/users/{id}',
  tags: ['admin'],
  summary: 'Change a user’s role',
  security: bearerSecurity,
  request: {
    params: z.object({ id: z.uuid() }),
    body: { ...jsonContent(z.object({ role: roleSchema })), required: true },
  },
  responses: { 200: { description: 'The updated user', ...jsonContent(userSchema) }, ...errorResponses(400, 401, 403, 404, 409) },
});

/** Mounted under /api/admin, behind requireAuth and requireAdmin. */
export function adminUsersRoutes({ db, auth }: AppDeps) {
  return createRouter()
    .openapi(listRoute, async (c) => {
      const page = await listUsers(db, c.req.valid('query'));
      return c.json({ users: page.users.map(toUserJson), total: page.total }, 200);
    })
    .openapi(patchRoute, async (c) => {
      const user = await changeRole(db, c.req.valid('param').id, c.req.valid('json').role);
      auth.users.remember({ user_id: user.user_id, email: user.email, full_name: user.full_name, role: toRole(user.role) });
      return c.json(toUserJson(user), 200);
    });
}

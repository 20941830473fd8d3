import { createRoute, z } from '@hono/zod-openapi';
import { createInvite, inviteStatus, listInvites, revokeInvite } from '../auth/invites.js';
import type { SignupInvite } from '../db/schema.js';
import { currentUser } from '../http/auth.js';
import type { AppDeps } from '../http/context.js';
import { bearerSecurity, errorResponses, isoOrNull, jsonContent, timestampSchema } from '../http/json.js';
import { createRouter } from '../http/router.js';
import { storableString } from '../http/storableText.js';

const inviteSchema = z
  .object({
    invite_id: z.uuid(),
    note: z.string().nullable(),
    max_uses: z.number().int(),
    uses: z.number().int(),
    status: z.enum(['active', 'used_up', 'expired', 'revoked']),
    expires_at: timestampSchema,
    created_by: z.uuid().nullable(),
    created_at: timestampSchema,
    last_used_at: timestampSchema,
    revoked_at: timestampSchema,
  })
  .openapi('Invite');

const newInviteSchema = z
  .object({
    note: storableString().trim().min(1).max(200).optional().openapi({ description: 'Who it is for; shown to admins only' }),
    max_uses: z.number().int().min(1).max(1000).default(1),
    expires_in_days: z.number().int().min(1).max(365).default(7),
  })
  .openapi('NewInvite');

const createdInviteSchema = inviteSchema
  .extend({
    code: z.string().openapi({ description: 'Shown once: only its hash is stored' }),
    signup_path: z.string().openapi({ example: '/signup?invite=3q2-7wEBAgMEBQYHCAkKCw' }),
  })
  .openapi('CreatedInvite');

const route = <R extends Parameters<typeof createRoute>[0]>(config: R) => createRoute({ ...config, tags: ['admin'], security: bearerSecurity });

const routes = {
  list: route({
    method: 'get',
    path: '/invites',
    summary: 'Sign-up invites, newest first (their codes are not kept)',
    responses: { 200: { description: 'Invites', ...jsonContent(z.array(inviteSchema)) }, ...errorResponses(401, 403) },
  }),
  create: route({
    method: 'post',
    path: '/invites',
    summary: 'Make an invite code for invite-only sign-up (setting signup_invite_only); the code is in this answer only',
    request: { body: { ...jsonContent(newInviteSchema), required: false } },
    responses: { 201: { description: 'Created', ...jsonContent(createdInviteSchema) }, ...errorResponses(400, 401, 403) },
  }),
  revoke: route({
    method: 'delete',
    path: '/invites/{id}',
    summary: 'Revoke an invite (kept, marked revoked)',
    request: { params: z.object({ id: z.uuid() }) },
    responses: { 200: { description: 'Revoked', ...jsonContent(inviteSchema) }, ...errorResponses(400, 401, 403, 404) },
  }),
};

function toInviteJson(invite: SignupInvite): z.infer<typeof inviteSchema> {
  return {
    invite_id: invite.invite_id,
    note: invite.note,
    max_uses: invite.max_uses,
    uses: invite.uses,
    status: inviteStatus(invite),
    expires_at: isoOrNull(invite.expires_at),
    created_by: invite.created_by,
    created_at: isoOrNull(invite.created_at),
    last_used_at: isoOrNull(invite.last_used_at),
    revoked_at: isoOrNull(invite.revoked_at),
  };
}

/** Mounted under /api/admin, behind requireAuth and requireAdmin. */
export function adminInvitesRoutes({ db }: AppDeps) {
  return createRouter()
    .openapi(routes.list, async (c) => c.json((await listInvites(db)).map(toInviteJson), 200))
    .openapi(routes.create, async (c) => {
      const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : newInviteSchema.parse({});
      const { invite, code } = await createInvite(db, body, currentUser(c).user_id);
      return c.json({ ...toInviteJson(invite), code, signup_path: `/signup?invite=${encodeURIComponent(code)}` }, 201);
    })
    .openapi(routes.revoke, async (c) => c.json(toInviteJson(await revokeInvite(db, c.req.valid('param').id)), 200));
}

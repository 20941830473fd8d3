import { z } from '@hono/zod-openapi';
import type { User } from '../db/schema.js';
import { isoOrNull, timestampSchema } from '../http/json.js';
import { storableString } from '../http/storableText.js';
import { ROLES } from './users.js';

export const userSchema = z
  .object({
    user_id: z.uuid(),
    full_name: z.string().nullable(),
    email: z.string().nullable(),
    role: z.string().nullable(),
    created_at: timestampSchema,
    last_login_at: timestampSchema,
    /** Set while an admin has disabled the account. */
    disabled_at: timestampSchema,
  })
  .openapi('User');

export function toUserJson(user: User): z.infer<typeof userSchema> {
  return {
    user_id: user.user_id,
    full_name: user.full_name,
    email: user.email,
    role: user.role,
    created_at: isoOrNull(user.created_at),
    last_login_at: isoOrNull(user.last_login_at),
    disabled_at: isoOrNull(user.disabled_at),
  };
}

export const sessionSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal('bearer'),
    expires_in: z.number().int(),
    user: userSchema,
  })
  .openapi('Session');

/** Trimmed and lower-cased before it is checked, so " Ada@Example.com " signs in as ada@example.com. */
const email = z
  .string({ error: 'is required' })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'must be a valid email address' }).max(320));

export const signUpSchema = z
  .object({
    email,
    password: z.string().min(8, 'must be at least 8 characters').max(1024, 'must be at most 1024 characters'),
    full_name: storableString().trim().min(1).max(200).optional(),
    invite_code: z.string().trim().min(1).max(200).optional().openapi({ description: 'Needed while the signup_invite_only setting is on' }),
  })
  .openapi('SignUp');

/** The one answer of a sign-up, whether or not the email already had an account. */
export const SIGNUP_ACCEPTED = 'Sign in with this email and password to continue.';
export const signUpAcceptedSchema = z.object({ message: z.string().openapi({ example: SIGNUP_ACCEPTED }) }).openapi('SignUpAccepted');

export const logInSchema = z
  .object({ email, password: z.string().min(1, 'is required').max(1024) })
  .openapi('LogIn');

export const roleSchema = z.enum(ROLES).openapi('Role');

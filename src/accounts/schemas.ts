import { z } from '@hono/zod-openapi';
import { roleSchema, signUpSchema, userSchema } from '../auth/schemas.js';
import { timestampSchema } from '../http/json.js';

const newPassword = signUpSchema.shape.password;

export const changePasswordSchema = z
  .object({ current_password: z.string().min(1, 'is required').max(1024), new_password: newPassword })
  .openapi('ChangePassword');

export const redeemResetSchema = z
  .object({ code: z.string().trim().min(1, 'is required').max(200), new_password: newPassword })
  .openapi('RedeemPasswordReset');

export const passwordResetSchema = z
  .object({
    code: z.string().openapi({ description: 'Shown once: hand it to the user (the web app builds a link from it)' }),
    expires_at: timestampSchema,
  })
  .openapi('PasswordReset');

export const userChangeSchema = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .refine((change) => change.role !== undefined || change.disabled !== undefined, { message: 'is required unless disabled is given', path: ['role'] })
  .openapi('UserChange');

export const deletionReportSchema = z
  .object({
    user_id: z.uuid(),
    email: z.string().nullable(),
    threads: z.number().int(),
    messages: z.number().int(),
    comparisons_deleted: z.number().int(),
    comparisons_kept: z.number().int(),
    votes_kept: z.number().int(),
  })
  .openapi('AccountDeletion');

const rows = z.array(z.record(z.string(), z.unknown()));

export const accountExportSchema = z
  .object({
    format: z.literal('dualmind-account-export'),
    version: z.literal(1),
    exported_at: z.string(),
    user: userSchema,
    local_account: z.object({ email: z.string(), created_at: timestampSchema, updated_at: timestampSchema }).nullable(),
    threads: rows,
    messages: rows,
    comparisons: rows,
    votes: rows,
    admin_actions: rows,
  })
  .openapi('AccountExport');

import { changeUser } from '../../accounts/userAdmin.js';
import { normaliseEmail, signUp } from '../../auth/localAccounts.js';
import { signUpSchema } from '../../auth/schemas.js';
import { cliActor, recordAudit } from '../../audit/log.js';
import { AppError } from '../../errors.js';
import { parseCommand } from '../args.js';
import type { Command } from '../context.js';
import { withMigratedDatabase } from '../database.js';
import { UsageError } from '../errors.js';
import { promptHidden, readStdin } from '../input.js';
import { print } from '../output.js';

/** The password never comes from argv (shell history, `ps`): stdin with `-`, else a hidden prompt. */
async function readPassword(option: string | undefined): Promise<string> {
  if (option !== undefined && option !== '-') {
    throw new UsageError('create-admin: --password takes only "-" (read it from stdin), so the password stays out of shell history');
  }
  if (option === undefined && !process.stdin.isTTY) {
    throw new UsageError('create-admin: a new account needs a password: pass --password - and write it to stdin');
  }
  const password = option === '-' ? await readStdin() : await promptHidden('Password for the new admin: ');
  const parsed = signUpSchema.shape.password.safeParse(password);
  if (!parsed.success) throw new UsageError(`create-admin: the password ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  return parsed.data;
}

/** Promotes the user with this email, or creates a local account that is admin from the start. */
export const createAdminCommand: Command = async (args, { config, logger }) => {
  const { values } = parseCommand('create-admin', args, { email: { type: 'string' }, password: { type: 'string' } }, []);
  if (values.email === undefined) throw new UsageError('create-admin: --email is required');
  const email = signUpSchema.shape.email.safeParse(values.email);
  if (!email.success) throw new UsageError(`create-admin: --email ${email.error.issues[0]?.message ?? 'is invalid'}`);

  return withMigratedDatabase(config, logger, async ({ db }) => {
    const existing = await db.selectFrom('users').select(['user_id', 'role']).where('email', '=', normaliseEmail(email.data)).orderBy('created_at').executeTakeFirst();
    if (existing) {
      if (existing.role === 'admin') {
        print(`${email.data} is already an admin.`);
      } else {
        await changeUser(db, null, existing.user_id, { role: 'admin' });
        await recordAudit(db, { actor: cliActor(), action: 'users.update', target: existing.user_id, details: { result: { email: email.data, role: 'admin' } } });
        print(`${email.data} is now an admin.`);
      }
      return 0;
    }
    if (config.AUTH_MODE !== 'local') {
      throw new AppError('not_found', `No user ${email.data} yet: with AUTH_MODE=${config.AUTH_MODE} they sign in once through Supabase, then run create-admin again to promote them`);
    }
    const user = await signUp(db, { email: email.data, password: await readPassword(values.password) }, { isAdminEmail: () => true });
    if (!user) throw new AppError('conflict', `${email.data} signed up meanwhile: run create-admin again to promote them`);
    await recordAudit(db, { actor: cliActor(), action: 'users.create', target: user.user_id, details: { result: { email: user.email, role: 'admin' } } });
    print(`Created admin account ${user.email} (user id ${user.user_id}).`);
    return 0;
  });
};

import { cliActor, recordAudit } from '../../audit/log.js';
import { KeyCipher } from '../../providers/keyCrypto.js';
import { rotateKeys, surveyKeys, type KeyLabel } from '../../providers/keyRotation.js';
import { SECRET_KEY_FILE } from '../../providers/service.js';
import { newSecret, parseSecretList, readOrCreateSecret, replaceSecret } from '../../secrets.js';
import { parseCommand } from '../args.js';
import type { Command } from '../context.js';
import { withMigratedDatabase } from '../database.js';
import { confirm } from '../input.js';
import { note, print } from '../output.js';

const describeKeys = (keys: KeyLabel[]) => keys.map((key) => `${key.provider_name} ${key.display_mask ?? '?'} (${key.key_id})`).join(', ');

/**
 * Re-encrypts every provider key under the first secret. With DUALMIND_SECRET_KEY set, the list
 * is the operator's (see README for rolling instances); without it, the secret generated into
 * DATA_DIR is replaced: the file first holds the new secret and the old ones, so a crash at
 * any point leaves every key decryptable, and only the new one once the keys are re-encrypted.
 */
export const rotateSecretCommand: Command = async (args, { config, logger }) => {
  const { values } = parseCommand('rotate-secret', args, { yes: { type: 'boolean' } }, []);
  return withMigratedDatabase(config, logger, async ({ db }) => {
    const fromFile = config.DUALMIND_SECRET_KEY === undefined;
    const configured = config.DUALMIND_SECRET_KEY ?? parseSecretList(readOrCreateSecret(config.DATA_DIR, SECRET_KEY_FILE));
    const secrets = fromFile ? [newSecret(), ...configured] : configured;
    const cipher = new KeyCipher(secrets);
    const survey = await surveyKeys(db, cipher);

    if (survey.undecryptable.length > 0) {
      note(`warning: ${survey.undecryptable.length} key(s) cannot be decrypted with any configured secret and will be left as they are: ${describeKeys(survey.undecryptable)}`);
    }
    if (!fromFile && survey.stale.length === 0) {
      print(`Nothing to re-encrypt: all ${survey.total - survey.undecryptable.length} decryptable key(s) are already under the first secret of DUALMIND_SECRET_KEY.`);
      return 0;
    }
    const plan = fromFile
      ? `Generate a new secret into ${config.DATA_DIR}/${SECRET_KEY_FILE} and re-encrypt ${survey.stale.length} provider key(s) under it`
      : `Re-encrypt ${survey.stale.length} of ${survey.total} provider key(s) under the first secret of DUALMIND_SECRET_KEY`;
    print(`${plan}.`);
    if (!(await confirm('rotate-secret', 'Go ahead?', values.yes))) {
      print('Nothing changed.');
      return 1;
    }

    if (fromFile) replaceSecret(config.DATA_DIR, SECRET_KEY_FILE, secrets.join('\n'));
    const done = await rotateKeys(db, cipher);
    if (fromFile) replaceSecret(config.DATA_DIR, SECRET_KEY_FILE, secrets[0] as string);
    await recordAudit(db, {
      actor: cliActor(),
      action: 'secrets.rotate',
      details: { re_encrypted: done.stale.length, undecryptable: done.undecryptable.map((key) => key.display_mask), generated_secret: fromFile },
    });
    print(`Re-encrypted ${done.stale.length} key(s).`);
    if (!fromFile && secrets.length > 1) {
      print('Every key is now under the first secret: once every instance runs with that list, the other secrets can be removed from DUALMIND_SECRET_KEY.');
    }
    return 0;
  });
};

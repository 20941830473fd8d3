import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from '../../src/config.js';
import { PROJECT_ROOT } from '../../src/paths.js';

/**
 * The systemd unit and environment file of docs/deploy.md name only settings the server knows,
 * and together they make a configuration it starts with (test/cluster/ runs deploy/nginx.conf).
 */
const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, 'deploy', file), 'utf8');

/** `KEY=value` lines as systemd's EnvironmentFile= reads them; `#KEY=value` lines are the documented alternatives. */
function assignments(text: string, options: { commented: boolean }): Array<[string, string]> {
  const pattern = options.commented ? /^#([A-Z][A-Z0-9_]*)=(.*)$/ : /^([A-Z][A-Z0-9_]*)=(.*)$/;
  return text
    .split('\n')
    .map((line) => pattern.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1] as string, (match[2] as string).replace(/^"(.*)"$/, '$1')]);
}

/** What an operator puts where the file says CHANGE-ME, in the form the comment beside it asks for. */
function filled(name: string, value: string): string {
  if (!value.includes('CHANGE-ME')) return value;
  if (name === 'DUALMIND_SECRET_KEY') return randomBytes(32).toString('base64');
  if (name === 'DATABASE_URL') return value.replace('CHANGE-ME', 'secret').replace('PROJECT-REF', 'abcdefgh');
  return randomBytes(48).toString('base64');
}

describe('deployment files', () => {
  const known = new Set(Object.keys(configSchema.shape));

  it('the environment file and the unit set only known settings, and load as a valid configuration', () => {
    const envFile = assignments(read('dualmind.env.example'), { commented: false });
    const alternatives = assignments(read('dualmind.env.example'), { commented: true });
    const unit = [...read('dualmind@.service').matchAll(/^Environment=([A-Z_]+)=(.*)$/gm)].map((match) => [match[1] as string, match[2] as string] as const);
    const unknown = [...envFile, ...alternatives, ...unit].map(([name]) => name).filter((name) => !known.has(name) && name !== 'NODE_ENV');
    expect(unknown).toEqual([]);
    // PORT, HOST and DATA_DIR come from the unit, per instance; the file must not override them.
    expect(envFile.map(([name]) => name)).not.toContain('PORT');
    expect(envFile.map(([name]) => name)).not.toContain('DATA_DIR');

    const env = Object.fromEntries([...unit.map(([name, value]) => [name, value.replaceAll('%i', '3001')]), ...envFile.map(([name, value]) => [name, filled(name, value)])]);
    const config = loadConfig(env);
    expect(config).toMatchObject({ PORT: 3001, HOST: '127.0.0.1', TRUST_PROXY: true, AUTH_MODE: 'local' });
    expect(config.DATABASE_URL).toContain('sslmode=require');

    // The Supabase alternative loads too.
    const supabase = { ...env, ...Object.fromEntries(alternatives.filter(([name]) => name.startsWith('AUTH_MODE') || name.startsWith('SUPABASE')).map(([name, value]) => [name, filled(name, value)])) };
    expect(loadConfig(supabase).AUTH_MODE).toBe('supabase');
  });

  it('the unit starts what `npm start` starts', () => {
    const start = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
    const exec = /^ExecStart=\S*node (\S+)$/m.exec(read('dualmind@.service'))?.[1];
    expect(start).toBe(`node ${exec}`);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listScheduledBackups, scheduledBackupName } from '../../src/backup/files.js';
import { checkBackup } from '../../src/backup/format.js';
import { BackupSchedule } from '../../src/backup/schedule.js';
import { migrate } from '../../src/db/migrate.js';
import { SettingsStore } from '../../src/settings/settings.js';
import { createTestDatabase, type TestDatabase } from '../helpers/testDatabase.js';
import { testLogger } from '../helpers/testLogger.js';

const HOUR = 3600_000;

describe('automatic backups of the embedded database', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let settings: SettingsStore;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualmind-scheduled-'));

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    await migrate(database.handle.pool, testLogger('schedule'));
    settings = new SettingsStore(database.handle.db, 0);
  });
  afterAll(async () => {
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names backups by their time, so they sort like times', () => {
    expect(scheduledBackupName(new Date('2026-12-01T09:05:07.123Z'))).toBe('dualmind-20261201T090507Z.backup');
  });

  it('takes a backup when one is due, keeps the newest ones, and picks up where a restart left off', async () => {
    await settings.put('backup_interval_hours', '24');
    await settings.put('backup_keep', '2');
    let now = Date.parse('2026-12-01T00:00:00Z');
    const schedule = new BackupSchedule(database.handle, settings, dir, testLogger('schedule'), () => now);
    const names = () => listScheduledBackups(dir).map((backup) => path.basename(backup.file));

    await schedule.tick();
    expect(names()).toEqual(['dualmind-20261201T000000Z.backup']);
    const first = await checkBackup(listScheduledBackups(dir)[0]?.file ?? '');
    expect(first.header.database).toBe('embedded');
    expect(fs.statSync(path.join(dir, 'dualmind-20261201T000000Z.backup')).mode & 0o777).toBe(0o600);

    now += 23 * HOUR;
    await schedule.tick();
    expect(names()).toHaveLength(1);

    // A new schedule (a restarted server) reads the last backup's time from the files.
    now += 1 * HOUR;
    const restarted = new BackupSchedule(database.handle, settings, dir, testLogger('schedule'), () => now);
    await restarted.tick();
    expect(names()).toEqual(['dualmind-20261201T000000Z.backup', 'dualmind-20261202T000000Z.backup']);
    now += 24 * HOUR;
    await restarted.tick();
    expect(names()).toEqual(['dualmind-20261202T000000Z.backup', 'dualmind-20261203T000000Z.backup']);
    // Nothing but finished backups in the folder: no partial files left behind.
    expect(fs.readdirSync(dir).sort()).toEqual(names());
  });

  it('takes none while the interval is 0, and refuses settings out of range', async () => {
    await settings.put('backup_interval_hours', '0');
    const before = listScheduledBackups(dir).length;
    const schedule = new BackupSchedule(database.handle, settings, dir, testLogger('schedule'), () => Date.parse('2027-06-01T00:00:00Z'));
    await schedule.tick();
    expect(listScheduledBackups(dir)).toHaveLength(before);
    await expect(settings.put('backup_keep', '0')).rejects.toThrow('backup_keep: must be between 1 and 1000');
    await expect(settings.put('backup_interval_hours', 'daily')).rejects.toThrow('backup_interval_hours: must be a whole number');
  });

  it('logs a failed backup and leaves no file behind', async () => {
    await settings.put('backup_interval_hours', '1');
    const blocked = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocked, 'a file where the backup folder should be');
    const schedule = new BackupSchedule(database.handle, settings, path.join(blocked, 'backups'), testLogger('schedule'), () => Date.parse('2027-06-01T00:00:00Z'));
    await expect(schedule.tick()).resolves.toBeUndefined();
    expect(fs.readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
  });
});

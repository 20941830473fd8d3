import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseHandle } from '../db/connection.js';
import type { Logger } from '../logger.js';
import type { SettingsStore } from '../settings/settings.js';
import { listScheduledBackups, scheduledBackupName, writeBackupFile } from './files.js';
import { writeBackup } from './snapshot.js';

/** How often the schedule looks whether a backup is due; the settings may change meanwhile. */
const CHECK_EVERY_MS = 60_000;

/**
 * Automatic backups of the embedded database: every `backup_interval_hours` (a setting; 0 turns
 * them off) into BACKUP_DIR, keeping the newest `backup_keep`. When the last one was taken is
 * read from the files' names, so a restart neither repeats a backup nor skips one. (A
 * PostgreSQL server has its own tools and schedules: pg_dump, point-in-time recovery,
 * Supabase's daily backups, or `npx dualmind backup` from cron.)
 */
export class BackupSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly database: Pick<DatabaseHandle, 'db' | 'kind'>,
    private readonly settings: Pick<SettingsStore, 'get'>,
    private readonly dir: string,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The first check comes a minute after start, when the server has settled. */
  start(): void {
    this.timer = setInterval(() => void this.tick(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  /** Takes a backup if one is due; resolves when it is written (or was not due). */
  tick(): Promise<void> {
    this.running ??= this.runIfDue()
      .catch((error: unknown) => this.logger.error({ err: error, dir: this.dir }, 'automatic backup failed'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  /** Stops the schedule, letting a backup that is being written finish first. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async runIfDue(): Promise<void> {
    const { backup_interval_hours: hours, backup_keep: keep } = await this.settings.get();
    if (hours === 0) return;
    const last = listScheduledBackups(this.dir).at(-1);
    if (last && this.now() - last.at.getTime() < hours * 3600_000) return;
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.dir, scheduledBackupName(new Date(this.now())));
    const started = performance.now();
    const summary = await writeBackupFile(file, (out) => writeBackup(this.database, out));
    this.logger.info({ file, tables: summary.tables.length, rows: summary.rows, duration_ms: Math.round(performance.now() - started) }, 'automatic backup written');
    for (const old of listScheduledBackups(this.dir).slice(0, -keep)) {
      fs.rmSync(old.file, { force: true });
      this.logger.info({ file: old.file }, 'old automatic backup deleted');
    }
  }
}

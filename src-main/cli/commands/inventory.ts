import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SANDBOX_PROFILE_ID } from '../../../src-shared/domain/profile.ts';
import { EventLog } from '../../services/event-log/event-log.ts';
import { ConsoleStore } from '../../services/store/console-store.ts';
import { INVENTORY_COLUMNS, exportInventory } from '../../services/timeline/timeline-export.ts';
import { TimelineService } from '../../services/timeline/timeline-service.ts';
import { UsageError, type CliCommand } from '../command.ts';
import { defaultDataDir } from '../default-data-dir.ts';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: an ISO 8601 time, or an age such as 90m, 24h, 7d. */
export function parseSince(text: string, now = Date.now()): number {
  const age = /^(\d{1,6})([mhd])$/.exec(text);
  if (age) return now - Number(age[1]) * UNITS[age[2]!]!;
  const at = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) throw new UsageError(`--since must be an ISO 8601 time (2026-01-31T09:00Z) or an age like 90m, 24h, 7d (got "${text}").`);
  return at;
}

/** The profile id for `--profile`: an id or a name (case-insensitive) from profiles.json; "sandbox" always exists. */
export function resolveProfile(dataDir: string, wanted: string): string {
  if (wanted.toLowerCase() === SANDBOX_PROFILE_ID) return SANDBOX_PROFILE_ID;
  const path = join(dataDir, 'profiles.json');
  const stored = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { profiles?: Array<{ id: string; name: string }> }) : {};
  const profiles = stored.profiles ?? [];
  const found = profiles.find((p) => p.id === wanted) ?? profiles.find((p) => p.name.toLowerCase() === wanted.toLowerCase());
  if (!found) throw new UsageError(`No profile "${wanted}" in ${dataDir}; known: ${['sandbox', ...profiles.map((p) => p.name)].join(', ')}.`);
  return found.id;
}

/** `inventory`: the back office's view — every device the console knows, its status and hub, headless. */
export const inventoryCommand: CliCommand = {
  usage: [
    'provisioning-bench inventory --profile P [--since T] [--format json|csv] [--data-dir DIR]',
    '',
    '  --profile P     profile name or id ("sandbox" for the built-in sandbox)',
    '  --since T       only devices with an event since T: ISO 8601 time, or an age like 90m, 24h, 7d',
    '  --format F      json (default: one JSON object per line) or csv',
    `  --data-dir DIR  the console's data (default ${defaultDataDir()})`,
    '',
    `Columns: ${INVENTORY_COLUMNS.join(', ')}; times are ISO 8601 UTC.`,
    'Reads what the console recorded (it does not call Azure); safe while the console runs.',
  ].join('\n'),
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { profile: { type: 'string' }, since: { type: 'string' }, format: { type: 'string' }, 'data-dir': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    if (!values.profile) throw new UsageError('--profile is required.');
    const format = values.format ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new UsageError(`--format must be json or csv (got "${format}").`);
    const since = values.since === undefined ? undefined : parseSince(values.since);
    const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
    const profileId = resolveProfile(dataDir, values.profile);
    if (!existsSync(join(dataDir, 'store', `${profileId}.db`))) {
      io.stderr(`inventory: nothing recorded yet for profile ${profileId}`);
      if (format === 'csv') io.stdout(INVENTORY_COLUMNS.join(','));
      return 0;
    }
    const store = new ConsoleStore(dataDir);
    try {
      const timeline = new TimelineService(store, new EventLog(store));
      const { rows, total } = timeline.inventory(profileId, { since, limit: 1_000_000 });
      const text = exportInventory(rows, format === 'csv' ? 'csv' : 'jsonl').replace(/\r?\n$/, '');
      if (text) io.stdout(format === 'csv' ? text.replace(/\r\n/g, '\n') : text);
      io.stderr(`inventory: ${rows.length} of ${total} devices for profile ${profileId}`);
      return 0;
    } finally {
      store.close();
    }
  },
};

import type { DatabaseSync } from 'node:sqlite';
import type { InventoryRow } from '../../../src-shared/contract/channels/timeline.ts';
import { fromRow } from '../event-log/event-log.ts';
import { redactSecrets } from '../../security/redact.ts';

type EventRow = Parameters<typeof fromRow>[1];

/** One CSV field: quoted when it must be, and never starting a formula in a spreadsheet. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value as number | boolean);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The event log (optionally since a time) as JSON lines or CSV; redacted once more on the way out. */
export function exportEvents(db: DatabaseSync, profileId: string, format: 'jsonl' | 'csv', since = 0): { text: string; rows: number } {
  const rows = (db.prepare('SELECT * FROM events WHERE at >= ? ORDER BY at, id').all(since) as unknown as EventRow[]).map((row) => fromRow(profileId, row));
  const text =
    format === 'jsonl'
      ? rows.map((event) => JSON.stringify({ ...event, time: iso(event.at) })).join('\n') + (rows.length ? '\n' : '')
      : toCsv(
          ['id', 'time', 'kind', 'source', 'outcome', 'registrationId', 'deviceId', 'hubHost', 'station', 'operator', 'detail'],
          rows.map((e) => [e.id, iso(e.at), e.kind, e.source, e.outcome, e.registrationId, e.deviceId, e.hubHost, e.station, e.operator, e.detail]),
        );
  return { text: redactSecrets(text), rows: rows.length };
}

export const INVENTORY_COLUMNS = ['registrationId', 'deviceId', 'serialNumber', 'customer', 'model', 'enrollmentGroup', 'hubHost', 'status', 'failureReason', 'registeredAt', 'lastSeenAt'] as const;

/** Inventory rows as JSON lines or CSV (times as ISO 8601), for a CRM job or a spreadsheet. */
export function exportInventory(rows: InventoryRow[], format: 'jsonl' | 'csv'): string {
  const flat = rows.map((row) => INVENTORY_COLUMNS.map((column) => (column.endsWith('At') ? iso(row[column] as number | null) : row[column])));
  if (format === 'csv') return redactSecrets(toCsv([...INVENTORY_COLUMNS], flat));
  return redactSecrets(flat.map((values) => JSON.stringify(Object.fromEntries(INVENTORY_COLUMNS.map((c, i) => [c, values[i]])))).join('\n') + (flat.length ? '\n' : ''));
}

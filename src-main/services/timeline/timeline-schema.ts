import type { StoreMigration } from '../store/console-store.ts';

/**
 * The timeline's read model, kept beside the event log in each profile's console database.
 *
 * `device_progress` holds one row per device: when it first reached each funnel stage, where it
 * is, what the enrollment said about it (serial number, customer, model) and its latest step. A
 * trigger on `events` fills it in the same transaction as the insert, so it can never disagree
 * with the log after a crash, and the funnel and inventory read 100,000 rows instead of a million.
 * The device key is the registration id; an event that names only a device id joins the row that
 * already carries that device id, else starts one under the device id.
 */
const PROGRESS_TABLE = `
CREATE TABLE device_progress (
  device_key TEXT PRIMARY KEY,
  registration_id TEXT,
  device_id TEXT,
  hub_host TEXT,
  enrollment_group TEXT,
  serial_number TEXT,
  customer TEXT,
  model TEXT,
  first_at INTEGER NOT NULL,
  enrolled_at INTEGER,
  attempted_at INTEGER,
  registered_at INTEGER,
  failed_at INTEGER,
  failure_reason TEXT,
  connected_at INTEGER,
  first_telemetry_at INTEGER,
  status_reported_at INTEGER,
  deleted_at INTEGER,
  last_at INTEGER NOT NULL,
  last_kind TEXT NOT NULL,
  last_outcome TEXT
);
CREATE INDEX progress_device ON device_progress (device_id);
CREATE INDEX progress_serial ON device_progress (serial_number COLLATE NOCASE);
CREATE INDEX progress_customer ON device_progress (customer COLLATE NOCASE);
CREATE TABLE timeline_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE INDEX events_at ON events (at);
`;

/** The key an event files under (see above); NULL for events about no device (profile use, notes). */
const KEY = `COALESCE(NEW.registration_id, (SELECT device_key FROM device_progress WHERE device_id = NEW.device_id LIMIT 1), NEW.device_id)`;

const DEVICE_EVENT = 'NEW.registration_id IS NOT NULL OR NEW.device_id IS NOT NULL';

/** A trigger that runs `set` on the event's device row when `when` holds and the row matches `where`. */
function stageTrigger(name: string, when: string, set: string, where = 'true'): string {
  return `CREATE TRIGGER events_progress_${name} AFTER INSERT ON events WHEN (${DEVICE_EVENT}) AND ${when}
BEGIN
  UPDATE device_progress SET ${set} WHERE device_key = ${KEY} AND ${where};
END;
`;
}

function tag(name: string, column: string): string {
  return `${column} = COALESCE(json_extract(NEW.detail, '$.${name}'), json_extract(NEW.detail, '$.tags.${name}'), ${column})`;
}

/** The row upsert; version 2 also fills the registration id of a row a hub event started under the device id. */
function upsertTrigger(fillsRegistrationId: boolean): string {
  return `CREATE TRIGGER events_progress AFTER INSERT ON events WHEN ${DEVICE_EVENT}
BEGIN
  INSERT INTO device_progress (device_key, registration_id, device_id, hub_host, first_at, last_at, last_kind, last_outcome)
    VALUES (${KEY}, NEW.registration_id, NEW.device_id, NEW.hub_host, NEW.at, NEW.at, NEW.kind, NEW.outcome)
    ON CONFLICT (device_key) DO UPDATE SET
      hub_host = COALESCE(excluded.hub_host, hub_host),${fillsRegistrationId ? '\n      registration_id = COALESCE(excluded.registration_id, registration_id),' : ''}
      first_at = MIN(first_at, excluded.first_at),
      last_kind = CASE WHEN excluded.last_at >= last_at THEN excluded.last_kind ELSE last_kind END,
      last_outcome = CASE WHEN excluded.last_at >= last_at THEN excluded.last_outcome ELSE last_outcome END,
      last_at = MAX(last_at, excluded.last_at);
END;
`;
}

/**
 * The row is upserted for every device event, touching only unindexed columns (so a million
 * inserts rewrite no secondary index); each stage has its own small trigger that fires only for
 * its kind and sets its column once. SQLite fires the triggers of one table newest first, so the
 * upsert, created last, makes the row before any stage trigger looks for it.
 */
const PROGRESS_TRIGGERS = `
${stageTrigger('ids', 'NEW.device_id IS NOT NULL', 'device_id = NEW.device_id', 'device_id IS NOT NEW.device_id')}
${stageTrigger('enrolled', `NEW.kind IN ('enrolled', 'enrollment-changed')`, `enrolled_at = CASE WHEN NEW.kind = 'enrolled' THEN COALESCE(enrolled_at, NEW.at) ELSE enrolled_at END, ${tag('serialNumber', 'serial_number')}, ${tag('customer', 'customer')}, ${tag('model', 'model')}, enrollment_group = COALESCE(json_extract(NEW.detail, '$.enrollmentGroupId'), enrollment_group)`)}
${stageTrigger('attempted', `NEW.kind = 'registration-attempted'`, 'attempted_at = NEW.at', 'attempted_at IS NULL')}
${stageTrigger('registered', `NEW.kind = 'registered' AND COALESCE(NEW.outcome, 'ok') = 'ok'`, `registered_at = COALESCE(registered_at, NEW.at), deleted_at = NULL, enrollment_group = COALESCE(json_extract(NEW.detail, '$.enrollmentGroupId'), enrollment_group)`)}
${stageTrigger('failed', `NEW.kind = 'registration-failed'`, `failed_at = NEW.at, failure_reason = COALESCE(json_extract(NEW.detail, '$.reason'), json_extract(NEW.detail, '$.errorMessage'), json_extract(NEW.detail, '$.message'), 'unknown')`)}
${stageTrigger('connected', `NEW.kind = 'connected'`, 'connected_at = NEW.at', 'connected_at IS NULL')}
${stageTrigger('telemetry', `NEW.kind = 'first-telemetry'`, 'first_telemetry_at = NEW.at', 'first_telemetry_at IS NULL')}
${stageTrigger('status', `NEW.kind = 'status-reported'`, 'status_reported_at = NEW.at', 'status_reported_at IS NULL')}
${stageTrigger('identity', `NEW.kind = 'hub-identity-created'`, 'deleted_at = NULL')}
${stageTrigger('deleted', `NEW.kind = 'device-deleted'`, 'deleted_at = NEW.at')}
${upsertTrigger(false)}`;

export const TIMELINE_MIGRATION: StoreMigration = {
  area: 'timeline',
  steps: [
    PROGRESS_TABLE + PROGRESS_TRIGGERS,
    `DROP TRIGGER events_progress;
     ${upsertTrigger(true)}
     UPDATE device_progress SET registration_id = device_key
       WHERE registration_id IS NULL AND EXISTS (SELECT 1 FROM events WHERE events.registration_id = device_progress.device_key);`,
  ],
};

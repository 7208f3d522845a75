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
CREATE INDEX progress_last ON device_progress (last_at);
CREATE TABLE timeline_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE INDEX events_at ON events (at);
`;

/** The key an event files under (see above); NULL for events about no device (profile use, notes). */
const KEY = `COALESCE(NEW.registration_id, (SELECT device_key FROM device_progress WHERE device_id = NEW.device_id LIMIT 1), NEW.device_id)`;

/** First value wins for a stage; `first(col, cond)` sets col to NEW.at once, when cond holds. */
function first(column: string, condition: string): string {
  return `${column} = CASE WHEN ${column} IS NULL AND (${condition}) THEN NEW.at ELSE ${column} END`;
}

function tag(name: string): string {
  return `COALESCE(json_extract(NEW.detail, '$.${name}'), json_extract(NEW.detail, '$.tags.${name}'), ${name === 'serialNumber' ? 'serial_number' : name})`;
}

const PROGRESS_TRIGGER = `
CREATE TRIGGER events_progress AFTER INSERT ON events
WHEN NEW.registration_id IS NOT NULL OR NEW.device_id IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO device_progress (device_key, registration_id, device_id, first_at, last_at, last_kind)
    VALUES (${KEY}, NEW.registration_id, NEW.device_id, NEW.at, NEW.at, NEW.kind);
  UPDATE device_progress SET
    registration_id = COALESCE(NEW.registration_id, registration_id),
    device_id = COALESCE(NEW.device_id, device_id),
    hub_host = COALESCE(NEW.hub_host, hub_host),
    enrollment_group = COALESCE(json_extract(NEW.detail, '$.enrollmentGroupId'), enrollment_group),
    serial_number = CASE WHEN NEW.kind IN ('enrolled', 'enrollment-changed') THEN ${tag('serialNumber')} ELSE serial_number END,
    customer = CASE WHEN NEW.kind IN ('enrolled', 'enrollment-changed') THEN ${tag('customer')} ELSE customer END,
    model = CASE WHEN NEW.kind IN ('enrolled', 'enrollment-changed') THEN ${tag('model')} ELSE model END,
    first_at = MIN(first_at, NEW.at),
    ${first('enrolled_at', `NEW.kind = 'enrolled'`)},
    ${first('attempted_at', `NEW.kind = 'registration-attempted'`)},
    ${first('registered_at', `NEW.kind = 'registered' AND COALESCE(NEW.outcome, 'ok') = 'ok'`)},
    failed_at = CASE WHEN NEW.kind = 'registration-failed' THEN NEW.at ELSE failed_at END,
    failure_reason = CASE WHEN NEW.kind = 'registration-failed'
      THEN COALESCE(json_extract(NEW.detail, '$.reason'), json_extract(NEW.detail, '$.errorMessage'), json_extract(NEW.detail, '$.message'), 'unknown')
      ELSE failure_reason END,
    ${first('connected_at', `NEW.kind = 'connected'`)},
    ${first('first_telemetry_at', `NEW.kind = 'first-telemetry'`)},
    ${first('status_reported_at', `NEW.kind = 'status-reported'`)},
    deleted_at = CASE WHEN NEW.kind = 'device-deleted' THEN NEW.at WHEN NEW.kind IN ('registered', 'hub-identity-created') THEN NULL ELSE deleted_at END,
    last_kind = CASE WHEN NEW.at >= last_at THEN NEW.kind ELSE last_kind END,
    last_outcome = CASE WHEN NEW.at >= last_at THEN NEW.outcome ELSE last_outcome END,
    last_at = MAX(last_at, NEW.at)
  WHERE device_key = ${KEY};
END;
`;

export const TIMELINE_MIGRATION: StoreMigration = {
  area: 'timeline',
  steps: [PROGRESS_TABLE + PROGRESS_TRIGGER],
};

/** Stage columns in funnel order, with the event kind that fills each. */
export const STAGES = [
  { stage: 'enrolled', column: 'enrolled_at' },
  { stage: 'registered', column: 'registered_at' },
  { stage: 'connected', column: 'connected_at' },
  { stage: 'firstTelemetry', column: 'first_telemetry_at' },
  { stage: 'statusReported', column: 'status_reported_at' },
] as const;
export type Stage = (typeof STAGES)[number]['stage'];

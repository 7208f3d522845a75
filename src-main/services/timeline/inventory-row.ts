import type { InventoryRow } from '../../../src-shared/contract/channels/timeline.ts';

/** A `device_progress` row as SQLite returns it. */
export interface ProgressRow {
  device_key: string;
  registration_id: string | null;
  device_id: string | null;
  hub_host: string | null;
  enrollment_group: string | null;
  serial_number: string | null;
  customer: string | null;
  model: string | null;
  first_at: number;
  enrolled_at: number | null;
  attempted_at: number | null;
  registered_at: number | null;
  failed_at: number | null;
  failure_reason: string | null;
  connected_at: number | null;
  first_telemetry_at: number | null;
  status_reported_at: number | null;
  deleted_at: number | null;
  last_at: number;
  last_kind: string;
  last_outcome: string | null;
}

/** Where a device stands: the furthest stage it reached, unless it was deleted or its last try failed. */
export function statusOf(row: ProgressRow): InventoryRow['status'] {
  if (row.deleted_at !== null) return 'deleted';
  if (row.status_reported_at !== null) return 'provisioned';
  if (row.first_telemetry_at !== null) return 'telemetry';
  if (row.connected_at !== null) return 'connected';
  if (row.failed_at !== null && (row.registered_at === null || row.failed_at > row.registered_at)) return 'failed';
  if (row.registered_at !== null) return 'registered';
  if (row.attempted_at !== null) return 'attempted';
  if (row.enrolled_at !== null) return 'enrolled';
  return 'seen';
}

export function toInventoryRow(row: ProgressRow): InventoryRow {
  return {
    registrationId: row.registration_id,
    deviceId: row.device_id,
    hubHost: row.hub_host,
    enrollmentGroup: row.enrollment_group,
    serialNumber: row.serial_number,
    customer: row.customer,
    model: row.model,
    status: statusOf(row),
    failureReason: row.failure_reason,
    enrolledAt: row.enrolled_at,
    registeredAt: row.registered_at,
    connectedAt: row.connected_at,
    firstTelemetryAt: row.first_telemetry_at,
    statusReportedAt: row.status_reported_at,
    lastSeenAt: row.last_at,
    lastKind: row.last_kind,
  };
}

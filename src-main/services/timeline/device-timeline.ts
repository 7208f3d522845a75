import type { DatabaseSync } from 'node:sqlite';
import type { InventoryRow, TimelineEvent } from '../../../src-shared/contract/channels/timeline.ts';
import { fromRow } from '../event-log/event-log.ts';
import { progressOf } from './fleet-queries.ts';
import { toInventoryRow } from './inventory-row.ts';

type EventRow = Parameters<typeof fromRow>[1];

export interface DeviceTimeline {
  device: InventoryRow | null;
  events: TimelineEvent[];
  links: {
    enrollment: { kind: 'individual' | 'group'; id: string } | null;
    twin: { hubHost: string; deviceId: string } | null;
    serialPush: { eventId: number; at: number; step: string | null } | null;
  };
}

const MAX_EVENTS = 2000;

/**
 * One device's events oldest first, with the time since the previous step, where it stands now,
 * and links to its enrollment, its twin and its latest serial push. `id` is a registration id or
 * a device id; events filed under either name of the device are included.
 */
export function deviceTimeline(db: DatabaseSync, profileId: string, id: string): DeviceTimeline {
  const progress = progressOf(db, id);
  const names = [...new Set([id, progress?.registration_id, progress?.device_id].filter((n): n is string => !!n))];
  const marks = names.map(() => '?').join(', ');
  const rows = db
    .prepare(`SELECT * FROM events WHERE registration_id IN (${marks}) OR device_id IN (${marks}) ORDER BY at, id LIMIT ?`)
    .all(...names, ...names, MAX_EVENTS) as unknown as EventRow[];
  let previous: number | null = null;
  const events = rows.map((row) => {
    const event = fromRow(profileId, row);
    const sincePreviousMs = previous === null ? null : event.at - previous;
    previous = event.at;
    const { profileId: _profile, ...rest } = event;
    return { ...rest, sincePreviousMs };
  });
  return { device: progress ? toInventoryRow(progress) : null, events, links: linksOf(events, progress?.enrollment_group ?? null) };
}

function linksOf(events: TimelineEvent[], group: string | null): DeviceTimeline['links'] {
  const enrolled = events.find((e) => e.kind === 'enrolled' && e.registrationId);
  const withHub = [...events].reverse().find((e) => e.hubHost && (e.deviceId || e.registrationId));
  const pushed = [...events].reverse().find((e) => e.kind === 'keys-pushed');
  return {
    enrollment: group ? { kind: 'group', id: group } : enrolled ? { kind: 'individual', id: enrolled.registrationId! } : null,
    twin: withHub ? { hubHost: withHub.hubHost!, deviceId: (withHub.deviceId ?? withHub.registrationId)! } : null,
    serialPush: pushed ? { eventId: pushed.id, at: pushed.at, step: typeof pushed.detail['step'] === 'string' ? pushed.detail['step'] : null } : null,
  };
}

import type { HubEvent } from '../../hub-events/hub-event-source.ts';
import type { EventInput } from '../../event-log/event-log.ts';

/** A reported property whose name says it is the device's provisioning status (seed 000's "report provision status"). */
const STATUS_KEY = /^(provision(ing)?[-_]?status|status)$/i;

function reportedPatch(event: HubEvent): Record<string, unknown> | null {
  const body = (event.body ?? {}) as { properties?: { reported?: unknown }; section?: string; patch?: unknown; reported?: unknown };
  const reported = body.properties?.reported ?? (body.section === 'reported' ? body.patch : undefined) ?? body.reported;
  return reported && typeof reported === 'object' ? (reported as Record<string, unknown>) : null;
}

/** The provisioning status a twin change reports, if it reports one. */
export function reportedStatus(event: HubEvent): string | null {
  const reported = reportedPatch(event);
  if (!reported) return null;
  const key = Object.keys(reported).find((k) => STATUS_KEY.test(k));
  if (!key) return null;
  const value = reported[key];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value).slice(0, 200) : JSON.stringify(value).slice(0, 200);
}

/**
 * The timeline event a hub event stands for, or null. Telemetry maps to `first-telemetry`; the
 * caller keeps only a device's first one. Lifecycle and connection-state operations map by name.
 */
export function eventFromHub(event: HubEvent): EventInput | null {
  const base = { source: 'hub-events' as const, deviceId: event.deviceId, hubHost: event.hubHost, at: event.enqueuedAt };
  const op = (event.opType ?? '').toLowerCase();
  switch (event.kind) {
    case 'telemetry':
      return { ...base, kind: 'first-telemetry', detail: { messageId: event.systemProperties['message-id'] ?? null } };
    case 'deviceLifecycle':
      if (op === 'createdeviceidentity') return { ...base, kind: 'hub-identity-created', outcome: 'ok' };
      if (op === 'deletedeviceidentity') return { ...base, kind: 'device-deleted' };
      return null;
    case 'deviceConnectionStateEvents':
      if (op === 'deviceconnected') return { ...base, kind: 'connected', outcome: 'ok' };
      if (op === 'devicedisconnected') return { ...base, kind: 'disconnected' };
      return null;
    case 'twinChangeEvents': {
      const status = reportedStatus(event);
      return status === null ? null : { ...base, kind: 'status-reported', detail: { status } };
    }
  }
}

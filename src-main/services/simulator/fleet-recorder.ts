import type { SimEvent, StoredConnection } from '../../simulator/protocol.ts';
import type { EventLog } from '../event-log/event-log.ts';
import type { ConnectionStore } from './connection-store.ts';

/**
 * Writes a batch's funnel events to the event log (one transaction, source `simulator`) and the
 * connection info of devices that registered to the store. Returns what registered, so the
 * fleet's own specs can remember it for a restart.
 */
export function recordBatch(eventLog: EventLog, connections: ConnectionStore, profileId: string, events: SimEvent[]): Array<{ registrationId: string; connection: StoredConnection }> {
  if (!events.length) return [];
  const registered = events
    .filter((e) => e.kind === 'registered' && e.outcome === 'ok')
    .map((e) => ({ registrationId: e.id, connection: { assignedHub: String(e.detail.assignedHub), deviceId: String(e.detail.deviceId) } }));
  connections.saveMany(profileId, registered);
  eventLog.appendMany(
    profileId,
    events.map((e) => ({ kind: e.kind, source: 'simulator', registrationId: e.id, deviceId: e.deviceId, hubHost: e.hubHost, outcome: e.outcome, detail: e.detail, at: e.at })),
  );
  return registered;
}

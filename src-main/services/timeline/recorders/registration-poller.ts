import type { AzureClientFactory } from '../../azure/client-factory.ts';
import type { EventInput, EventLog } from '../../event-log/event-log.ts';
import type { ConsoleStore } from '../../store/console-store.ts';
import { allPages, type QueryLike } from '../../reconciliation/sdk-pages.ts';

interface Candidate {
  registration_id: string;
  registered_at: number | null;
  failed_at: number | null;
}

interface StateBody {
  registrationId?: string;
  status?: string;
  assignedHub?: string;
  deviceId?: string;
  errorCode?: number;
  errorMessage?: string;
  lastUpdatedDateTimeUtc?: string | Date;
  enrollmentGroupId?: string;
}

/** How many not-yet-registered devices one round asks DPS about. */
const ROUND_SIZE = 100;

function timeOf(state: StateBody, fallback: number): number {
  const at = state.lastUpdatedDateTimeUtc ? new Date(state.lastUpdatedDateTimeUtc).getTime() : Number.NaN;
  return Number.isFinite(at) ? at : fallback;
}

/** What a registration record says happened, as an event; null when it adds nothing new. */
export function eventFromState(state: StateBody, known: Candidate | undefined, now: number): EventInput | null {
  const registrationId = state.registrationId;
  if (!registrationId) return null;
  const at = timeOf(state, now);
  if (state.status === 'assigned') {
    if (known?.registered_at != null) return null;
    const detail = state.enrollmentGroupId ? { enrollmentGroupId: state.enrollmentGroupId } : {};
    return { kind: 'registered', source: 'dps-poll', registrationId, deviceId: state.deviceId ?? null, hubHost: state.assignedHub ?? null, outcome: 'ok', at, detail };
  }
  if (state.status === 'failed' || state.status === 'disabled') {
    if (known?.failed_at != null && known.failed_at >= at) return null;
    const reason = state.errorMessage ?? (state.status === 'disabled' ? 'The enrollment is disabled.' : 'DPS reported the registration as failed.');
    return { kind: 'registration-failed', source: 'dps-poll', registrationId, outcome: 'failed', at, detail: { reason, status: state.status, ...(state.errorCode ? { errorCode: state.errorCode } : {}) } };
  }
  return null;
}

/**
 * Learns registration outcomes DPS keeps (it keeps only the latest per device) by polling its
 * registration records through the service SDK: devices the log knows but has not seen register,
 * and every registration under the enrollment groups. Writes `registered` / `registration-failed`
 * with source 'dps-poll', at the time DPS says it happened, once each.
 */
export class RegistrationPoller {
  private readonly store: ConsoleStore;
  private readonly eventLog: EventLog;
  /** Per profile, the last device key asked about (the next round continues after it). */
  private readonly cursors = new Map<string, string>();

  private readonly roundSize: number;

  constructor(store: ConsoleStore, eventLog: EventLog, roundSize = ROUND_SIZE) {
    this.store = store;
    this.eventLog = eventLog;
    this.roundSize = roundSize;
  }

  /** One round for one profile; returns the events it wrote. */
  async pollOnce(profileId: string, clients: AzureClientFactory, now = Date.now()): Promise<number> {
    const db = this.store.forProfile(profileId).db;
    const knownOf = (id: string) => db.prepare('SELECT registration_id, registered_at, failed_at FROM device_progress WHERE device_key = ?').get(id) as Candidate | undefined;
    const dps = clients.provisioningService();
    const states: StateBody[] = [];
    // Rounds walk the waiting devices in key order from where the last round stopped, so devices
    // that never register do not keep newer ones from being asked about.
    const waiting = db
      .prepare('SELECT device_key, registration_id, registered_at, failed_at FROM device_progress WHERE device_key > ? AND registration_id IS NOT NULL AND registered_at IS NULL AND deleted_at IS NULL ORDER BY device_key LIMIT ?')
      .all(this.cursors.get(profileId) ?? '', this.roundSize) as unknown as Array<Candidate & { device_key: string }>;
    this.cursors.set(profileId, waiting.length === this.roundSize ? waiting.at(-1)!.device_key : '');
    for (const candidate of waiting) {
      const state = await dps.getDeviceRegistrationState(candidate.registration_id).then(
        (reply) => reply.responseBody as unknown as StateBody,
        (error: { response?: { statusCode?: number } }) => {
          if (error.response?.statusCode === 404) return null;
          throw error;
        },
      );
      if (state) states.push(state);
    }
    states.push(...(await groupStates(dps)));
    const events = states.map((state) => eventFromState(state, state.registrationId ? knownOf(state.registrationId) : undefined, now)).filter((e): e is EventInput => e !== null);
    const unique = [...new Map(events.map((e) => [`${e.registrationId}:${e.kind}`, e])).values()];
    if (unique.length > 0) this.eventLog.appendMany(profileId, unique);
    return unique.length;
  }
}

async function groupStates(dps: ReturnType<AzureClientFactory['provisioningService']>): Promise<StateBody[]> {
  const groups = await allPages<{ enrollmentGroupId: string }>(dps.createEnrollmentGroupQuery({ query: 'SELECT *' }, 100) as unknown as QueryLike);
  const states: StateBody[] = [];
  for (const group of groups) {
    const found = await allPages<StateBody>(dps.createEnrollmentGroupDeviceRegistrationStateQuery({ query: 'SELECT *' }, group.enrollmentGroupId, 100) as unknown as QueryLike);
    states.push(...found.map((s) => ({ ...s, enrollmentGroupId: group.enrollmentGroupId })));
  }
  return states;
}

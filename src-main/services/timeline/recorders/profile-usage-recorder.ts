import type { ProfileUsageEntry } from '../../../../src-shared/contract/channels/profiles.ts';
import type { EventInput, EventLog } from '../../event-log/event-log.ts';
import type { ProfileUsageLog } from '../../profiles/profile-usage-log.ts';

/** A usage-log entry as a `profile-used` event: names, host, outcome and duration; never a key. */
export function eventFromUsage(entry: ProfileUsageEntry): EventInput {
  return {
    kind: 'profile-used',
    source: 'profiles',
    hubHost: entry.host,
    outcome: entry.outcome === 'ok' ? 'ok' : 'failed',
    at: Date.parse(entry.at) || Date.now(),
    detail: { operation: entry.operation, profileName: entry.profileName, profileKind: entry.kind, errorCode: entry.errorCode, durationMs: entry.durationMs },
  };
}

/**
 * Feeds the profile usage log into each profile's event log, so the timeline can say which
 * environment an action went to. A failure to write the event never fails the operation.
 */
export function recordProfileUsage(usage: ProfileUsageLog, eventLog: EventLog, onError: (error: unknown) => void = () => {}): () => void {
  return usage.onRecord((entry) => {
    try {
      eventLog.append(entry.profileId, eventFromUsage(entry));
    } catch (error) {
      onError(error);
    }
  });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StatementSync } from 'node:sqlite';
import { sendJson } from '../server/http-io.ts';
import { DpsError, DpsErrorCode } from './dps-errors.ts';
import type { DpsStore } from './dps-store.ts';
import type { ServiceCredentials } from './service-request.ts';
import { checkServiceAuthorization } from './service-request.ts';

/**
 * Sandbox-only `GET /sandbox/v1/stats`: what the DPS holds, counted in SQL. The service has no such
 * call (the console would page through every enrollment and every group's registrations to count
 * them, tens of seconds at 100k); the Sandbox page asks this instead. Same service SAS as the REST
 * API, no api-version, no quota charge.
 */
export const SANDBOX_STATS_PATH = '/sandbox/v1/stats';

export interface DpsStats {
  individualEnrollments: number;
  enrollmentGroups: number;
  /** `total` and one count per registration status present (assigned, failed, disabled). */
  registrations: { total: number } & Record<string, number>;
}

export function dpsStatsHandler(store: DpsStore, credentials: ServiceCredentials): (req: IncomingMessage, res: ServerResponse) => void {
  // Prepared once: the status lives inside the JSON body, so this reads each registration row once.
  const byStatus: StatementSync = store.database.db.prepare("SELECT json_extract(body, '$.status') AS status, COUNT(*) AS n FROM dps_registrations GROUP BY status");
  return (req, res) => {
    checkServiceAuthorization(req, credentials);
    if (req.method !== 'GET') throw new DpsError(DpsErrorCode.methodNotAllowed, `${req.method ?? ''} is not allowed on this resource.`);
    const registrations: DpsStats['registrations'] = { total: 0, assigned: 0, failed: 0, disabled: 0 };
    for (const row of byStatus.all() as { status: string | null; n: number }[]) {
      const count = Number(row.n);
      registrations.total += count;
      const status = row.status ?? 'unknown';
      registrations[status] = (registrations[status] ?? 0) + count;
    }
    const stats: DpsStats = { individualEnrollments: store.enrollments.count(), enrollmentGroups: store.groups.count(), registrations };
    sendJson(res, 200, stats);
  };
}

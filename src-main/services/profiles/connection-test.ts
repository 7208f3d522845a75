import type { ConnectionTestResult } from '../../../src-shared/contract/channels/profiles.ts';
import type { AzureClientFactory } from '../azure/client-factory.ts';
import { explainAzureError } from '../azure/explain-azure-error.ts';

/**
 * An id nobody uses: reading it costs one small GET, needs only read rights, and the service
 * checks the credentials before it looks the item up. So 404 means "reached and accepted".
 */
const PROBE_ID = 'provisioning-bench-connection-test';

async function probe(endpoint: 'dps' | 'hub', host: string, read: () => Promise<unknown>): Promise<ConnectionTestResult> {
  const started = performance.now();
  const done = (ok: boolean, code: ConnectionTestResult['code'], message: string): ConnectionTestResult => ({
    endpoint,
    host,
    ok,
    code,
    message,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    await read();
    return done(true, null, 'Connected: the credentials were accepted');
  } catch (error) {
    if ((error as { response?: { statusCode?: number } }).response?.statusCode === 404) return done(true, null, 'Connected: the credentials were accepted');
    const explained = explainAzureError(error, host, endpoint === 'dps' ? 'Reading enrollments' : 'Reading the device registry');
    return done(false, explained.code, explained.message);
  }
}

/** One cheap read per endpoint (the DPS and each hub), run side by side, each explained on its own. */
export function testConnections(factory: AzureClientFactory): Promise<ConnectionTestResult[]> {
  const { target } = factory;
  return Promise.all([
    probe('dps', target.dps.host, () => factory.provisioningService().getIndividualEnrollment(PROBE_ID)),
    ...target.hubs.map((hub) => probe('hub', hub.host, () => factory.registry(hub.host).get(PROBE_ID))),
  ]);
}

import type { FleetOptionsParsed } from '../../../src-shared/contract/channels/simulator.ts';
import type { FleetConfig } from '../../simulator/protocol.ts';
import type { AzureClientFactory } from '../azure/client-factory.ts';
import { fleetKeyring, registrationIds, type FleetKeyring } from './fleet-credentials.ts';
import { fleetDeviceCa } from './fleet-device-ca.ts';
import { resolveTelemetrySource } from './telemetry-source.ts';

export interface FleetPlan {
  keyring: FleetKeyring;
  config: FleetConfig;
  /** The first devices' registration ids. */
  ids: string[];
}

/** Everything a fleet needs before its process starts: credentials, endpoints, telemetry, ids. */
export async function planFleet(clients: AzureClientFactory, options: FleetOptionsParsed, startConcurrency: number): Promise<FleetPlan> {
  const keyring = await fleetKeyring(clients, options.source);
  const config: FleetConfig = {
    provisioningHost: clients.target.deviceProvisioningHost,
    idScope: clients.target.idScope,
    ca: fleetDeviceCa(clients.target),
    transport: options.transport,
    payload: options.payload,
    telemetry: { ...options.telemetry, source: await resolveTelemetrySource(options.telemetry.source) },
    methods: options.methods.map((m) => ({ ...m, payload: m.payload ?? null, delayMs: m.delayMs ?? 0 })),
    startConcurrency,
  };
  const ids = keyring.fixedIds ?? registrationIds(options.idPattern, 1, options.count);
  return { keyring, config, ids };
}

/**
 * What the DPS side of the sandbox needs from a hub when it assigns a device: create or refresh
 * the device identity with the credential the device proved, and set its twin. Called inside the
 * DPS transaction (SandboxDatabase.transaction), so it must be synchronous and throw on failure.
 */
export type ProvisionedAuthentication =
  | { type: 'sas'; primaryKey: string; secondaryKey: string }
  | { type: 'selfSigned'; primaryThumbprint: string; secondaryThumbprint: string | null }
  | { type: 'certificateAuthority' };

export interface ProvisionedIdentity {
  deviceId: string;
  authentication: ProvisionedAuthentication;
  iotEdge: boolean;
  /** Twin to apply: from the enrollment's initialTwin or a custom allocation's answer. */
  initialTwin: { tags?: Record<string, unknown>; properties?: { desired?: Record<string, unknown> } } | null;
  /**
   * What to do with an existing twin on re-provisioning: 'migrate' keeps it (migrateDeviceData),
   * 'reset' replaces it with initialTwin, 'create' = the device is new to this hub.
   */
  twinMode: 'create' | 'migrate' | 'reset';
}

export interface HubProvisioningPort {
  /** The host name devices use, e.g. 127.0.0.1:18883; also the DPS `assignedHub`. */
  readonly hostName: string;
  /** Latency in ms used by the lowest-latency allocation policy (a sandbox setting). */
  readonly latencyMs: number;
  provisionDevice(identity: ProvisionedIdentity): void;
  /** Whether the device identity exists on this hub (re-provisioning decisions). */
  hasDevice(deviceId: string): boolean;
}

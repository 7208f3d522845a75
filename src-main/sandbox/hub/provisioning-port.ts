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
  /**
   * With twinMode 'migrate' when the device moves here from another hub: the twin read there with
   * readTwinForMigration, which replaces whatever this hub holds (the service migrates the
   * device's state data — tags, desired and reported — to the new hub).
   */
  migratedTwin?: MigratedTwin;
}

/** A device's twin state as it leaves one hub for another: sections with their `$metadata` and versions. */
export interface MigratedTwin {
  tags: Record<string, unknown>;
  desired: Record<string, unknown>;
  reported: Record<string, unknown>;
  metadata: { desired: Record<string, unknown>; reported: Record<string, unknown> };
  desiredVersion: number;
  reportedVersion: number;
}

export interface HubProvisioningPort {
  /** The host name devices use, e.g. 127.0.0.1:18883; also the DPS `assignedHub`. */
  readonly hostName: string;
  /** Latency in ms used by the lowest-latency allocation policy (a sandbox setting). */
  readonly latencyMs: number;
  provisionDevice(identity: ProvisionedIdentity): void;
  /** Whether the device identity exists on this hub (re-provisioning decisions). */
  hasDevice(deviceId: string): boolean;
  /** The twin to carry to a new hub on re-provisioning with migrateDeviceData; null when the device is not here. */
  readTwinForMigration(deviceId: string): MigratedTwin | null;
  /**
   * Removes the device when DPS moves it to another hub (the service deletes the registration on
   * the initial hub); false when it was not here. Joins the caller's transaction like provisionDevice.
   */
  removeDevice(deviceId: string): boolean;
}

import { randomUUID } from 'node:crypto';
import type { MigratedTwin, ProvisionedIdentity } from './provisioning-port.ts';
import type { DeviceAuthentication, DeviceRecord, DeviceStore } from './device-store.ts';
import { NO_SCOPES, newEdgeScope, scopesOf } from './device-scope.ts';
import { assertDeviceId, newEtag, parseAuthentication, twinEtagFor } from './device-json.ts';
import { HubServiceError, badRequest, deviceNotFound, preconditionFailed } from './service-error.ts';
import type { JsonObject } from './twin-document.ts';
import { checkSectionSize, isJsonObject, mergePatch, metadataFor, stripSystem, validateSection } from './twin-document.ts';

export type RegistryChange =
  | { kind: 'deviceCreated' | 'deviceDeleted' | 'deviceUpdated'; deviceId: string; status: 'enabled' | 'disabled' }
  | { kind: 'twinChanged'; deviceId: string; section: 'tags' | 'desired' | 'reported'; patch: JsonObject; version: number };

/** Compares an If-Match header (quoted or not, or `*`) with a stored etag. */
export function etagMatches(ifMatch: string | undefined, etag: string): boolean {
  if (ifMatch === undefined || ifMatch === '') return true;
  const unquoted = ifMatch.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  return unquoted === '*' || unquoted === etag;
}

/**
 * The device identity registry and twins: every write validates first, then commits in one
 * transaction, then tells listeners (event stream, MQTT pushes) what changed.
 */
export class DeviceRegistry {
  readonly store: DeviceStore;
  private readonly listeners: ((change: RegistryChange) => void)[] = [];

  constructor(store: DeviceStore) {
    this.store = store;
  }

  onChange(listener: (change: RegistryChange) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Listeners hear a change only once it is committed: a write made inside a caller's
   * transaction (DPS provisioning, a bulk request) that later rolls back announces nothing.
   */
  private emit(change: RegistryChange): void {
    this.store.db.afterCommit(() => {
      for (const listener of this.listeners) listener(change);
    });
  }

  /** Whether `scope` is an Edge device's own scope on this hub (what a child may name). */
  private readonly isEdgeScope = (scope: string): boolean => this.store.hasEdgeScope(scope);

  require(deviceId: string): DeviceRecord {
    const record = this.store.get(deviceId);
    if (!record) throw deviceNotFound(deviceId);
    return record;
  }

  create(deviceId: string, body: unknown): DeviceRecord {
    assertDeviceId(deviceId);
    const input = deviceBody(deviceId, body);
    const now = new Date().toISOString();
    const record = this.store.db.transaction(() => {
      if (this.store.has(deviceId)) throw new HubServiceError(409, 'DeviceAlreadyExists', `A device with ID '${deviceId}' is already registered.`);
      const record = { ...blankRecord(deviceId, input.authentication, input.status, input.statusReason, input.iotEdge, now), scopes: scopesOf(body, deviceId, input.iotEdge, NO_SCOPES, this.isEdgeScope) };
      this.store.put(record);
      return record;
    });
    this.emit({ kind: 'deviceCreated', deviceId, status: record.status });
    return record;
  }

  update(deviceId: string, body: unknown, ifMatch: string | undefined): DeviceRecord {
    assertDeviceId(deviceId);
    const input = deviceBody(deviceId, body);
    const record = this.store.db.transaction(() => {
      const existing = this.require(deviceId);
      if (!etagMatches(ifMatch, existing.etag)) throw preconditionFailed();
      const statusChanged = existing.status !== input.status;
      const record: DeviceRecord = {
        ...existing,
        etag: newEtag(),
        status: input.status,
        statusReason: input.statusReason,
        statusUpdatedTime: statusChanged ? new Date().toISOString() : existing.statusUpdatedTime,
        authentication: keepKeysWhenBlank(body, existing.authentication, input.authentication),
        iotEdge: input.iotEdge,
        scopes: scopesOf(body, deviceId, input.iotEdge, existing.scopes, this.isEdgeScope),
      };
      this.store.put(record);
      return record;
    });
    this.emit({ kind: 'deviceUpdated', deviceId, status: record.status });
    return record;
  }

  remove(deviceId: string, ifMatch: string | undefined): void {
    this.store.db.transaction(() => {
      const existing = this.require(deviceId);
      if (!etagMatches(ifMatch, existing.etag)) throw preconditionFailed();
      this.store.delete(deviceId);
    });
    this.emit({ kind: 'deviceDeleted', deviceId, status: 'disabled' });
  }

  /** Service PATCH /twins/{id}: tags and desired merge; reported belongs to the device. */
  patchTwin(deviceId: string, body: unknown, ifMatch: string | undefined): DeviceRecord {
    const { clearDesired, ...patch } = twinBody(body);
    let record!: DeviceRecord;
    this.store.db.transaction(() => {
      const existing = this.require(deviceId);
      if (!etagMatches(ifMatch, existing.twinEtag)) throw preconditionFailed();
      // `"desired": null` clears every desired property: a patch nulling each one (new version, pushed).
      if (clearDesired) patch.desired = Object.fromEntries(Object.keys(existing.desired).map((k) => [k, null]));
      record = applyServiceTwin(existing, patch, 'merge');
      this.store.put(record);
    });
    this.emitTwin(record, patch);
    return record;
  }

  /** Service PUT /twins/{id}: tags and desired replaced wholesale. */
  replaceTwin(deviceId: string, body: unknown, ifMatch: string | undefined): DeviceRecord {
    const { clearDesired, ...patch } = twinBody(body);
    if (clearDesired) patch.desired = {};
    let record!: DeviceRecord;
    let removed: JsonObject = {};
    this.store.db.transaction(() => {
      const existing = this.require(deviceId);
      if (!etagMatches(ifMatch, existing.twinEtag)) throw preconditionFailed();
      record = applyServiceTwin(existing, patch, 'replace');
      this.store.put(record);
      removed = Object.fromEntries(Object.keys(existing.desired).filter((k) => !(k in (patch.desired ?? existing.desired))).map((k) => [k, null]));
    });
    // A device sees a replacement as a delta: properties that disappeared arrive as null.
    this.emitTwin(record, patch.desired ? { ...patch, desired: { ...removed, ...patch.desired } } : patch);
    return record;
  }

  private emitTwin(record: DeviceRecord, patch: { tags?: JsonObject; desired?: JsonObject }): void {
    if (patch.tags) this.emit({ kind: 'twinChanged', deviceId: record.deviceId, section: 'tags', patch: patch.tags, version: record.twinVersion });
    if (patch.desired) this.emit({ kind: 'twinChanged', deviceId: record.deviceId, section: 'desired', patch: patch.desired, version: record.desiredVersion });
  }

  /** A device's reported-properties PATCH; returns the new reported `$version`. */
  patchReported(deviceId: string, patch: unknown): number {
    const validated = stripSystem(validateSection('reported', patch, true));
    let record!: DeviceRecord;
    this.store.db.transaction(() => {
      const existing = this.require(deviceId);
      const version = existing.reportedVersion + 1;
      const merged = mergePatch(existing.reported, existing.meta.reported, validated, { at: new Date().toISOString(), version: null });
      checkSectionSize('reported', merged.doc);
      record = bumpTwin({ ...existing, reported: merged.doc, meta: { ...existing.meta, reported: merged.meta }, reportedVersion: version });
      this.store.put(record);
    });
    this.emit({ kind: 'twinChanged', deviceId, section: 'reported', patch: validated, version: record.reportedVersion });
    return record.reportedVersion;
  }

  /**
   * The DPS seam: create or refresh a device with the credential it proved, inside the caller's
   * transaction. Its event waits for that transaction's COMMIT (emit → afterCommit), so a
   * rolled-back registration never shows up in the stream.
   */
  provision(identity: ProvisionedIdentity): void {
    assertDeviceId(identity.deviceId);
    const now = new Date().toISOString();
    const auth: DeviceAuthentication =
      identity.authentication.type === 'selfSigned'
        ? { type: 'selfSigned', primaryThumbprint: identity.authentication.primaryThumbprint.toUpperCase(), secondaryThumbprint: identity.authentication.secondaryThumbprint?.toUpperCase() ?? null }
        : identity.authentication;
    const initial = identity.initialTwin ?? {};
    const twinPatch = {
      tags: isJsonObject(initial.tags) ? stripSystem(validateSection('tags', initial.tags, false)) : undefined,
      desired: isJsonObject(initial.properties?.desired) ? stripSystem(validateSection('desired', initial.properties.desired, false)) : undefined,
    };
    const existing = this.store.get(identity.deviceId);
    let record: DeviceRecord;
    if (!existing) {
      record = applyServiceTwin(blankRecord(identity.deviceId, auth, 'enabled', null, identity.iotEdge, now), twinPatch, 'replace');
    } else {
      const refreshed: DeviceRecord = { ...existing, etag: newEtag(), authentication: auth, iotEdge: identity.iotEdge, scopes: scopesOf({}, existing.deviceId, identity.iotEdge, existing.scopes, this.isEdgeScope) };
      record = identity.twinMode === 'migrate' ? refreshed : applyServiceTwin({ ...refreshed, reported: {}, meta: { ...refreshed.meta, reported: {} } }, twinPatch, 'replace');
    }
    // Moved from another hub with migrateDeviceData: that hub's twin wins over the initial twin
    // and over anything a former stay here left behind.
    if (identity.twinMode === 'migrate' && identity.migratedTwin) record = withMigratedTwin(record, identity.migratedTwin);
    this.store.db.transaction(() => this.store.put(record));
    this.emit({ kind: existing ? 'deviceUpdated' : 'deviceCreated', deviceId: record.deviceId, status: record.status });
  }

  /** What migrateDeviceData carries to the device's next hub; null when it is not on this one. */
  twinForMigration(deviceId: string): MigratedTwin | null {
    const record = this.store.get(deviceId);
    if (!record) return null;
    const { tags, desired, reported, meta, desiredVersion, reportedVersion } = record;
    return { tags, desired, reported, metadata: { desired: meta.desired, reported: meta.reported }, desiredVersion, reportedVersion };
  }

  /**
   * The DPS seam's other half: DPS moved the device to another hub, which deletes it here, inside
   * the caller's transaction. Its deviceDeleted (and the eviction of its connection) waits for COMMIT.
   */
  deprovision(deviceId: string): boolean {
    if (!this.store.has(deviceId)) return false;
    this.remove(deviceId, undefined);
    return true;
  }
}

function withMigratedTwin(record: DeviceRecord, twin: MigratedTwin): DeviceRecord {
  return bumpTwin({
    ...record,
    tags: twin.tags as JsonObject,
    desired: twin.desired as JsonObject,
    reported: twin.reported as JsonObject,
    meta: { desired: twin.metadata.desired as JsonObject, reported: twin.metadata.reported as JsonObject },
    // Versions travel too: a device compares desired `$version`s across the move.
    desiredVersion: twin.desiredVersion,
    reportedVersion: twin.reportedVersion,
  });
}

/**
 * Registry.update sends `{symmetricKey: {primaryKey: '', secondaryKey: ''}}` when the caller gave no
 * keys (the SDK fills them in); disabling a device must not rotate its keys, so blank keys keep the stored ones.
 */
function keepKeysWhenBlank(body: unknown, existing: DeviceAuthentication, parsed: DeviceAuthentication): DeviceAuthentication {
  const auth = isJsonObject(body) && isJsonObject(body.authentication) ? body.authentication : undefined;
  const keys = auth && isJsonObject(auth.symmetricKey) ? auth.symmetricKey : undefined;
  const blank = !auth || ((auth.type ?? 'sas') === 'sas' && !keys?.primaryKey && !keys?.secondaryKey);
  return blank && existing.type === 'sas' && parsed.type === 'sas' ? existing : parsed;
}

function blankRecord(
  deviceId: string,
  authentication: DeviceAuthentication,
  status: 'enabled' | 'disabled',
  statusReason: string | null,
  iotEdge: boolean,
  now: string,
): DeviceRecord {
  return {
    deviceId,
    generationId: `${Date.now()}${randomUUID().slice(0, 8)}`,
    etag: newEtag(),
    status,
    statusReason,
    statusUpdatedTime: now,
    authentication,
    iotEdge,
    scopes: iotEdge ? { deviceScope: newEdgeScope(deviceId), parentScopes: [] } : NO_SCOPES,
    cloudToDeviceMessageCount: 0,
    tags: {},
    desired: {},
    reported: {},
    meta: { desired: { $lastUpdated: now }, reported: { $lastUpdated: now } },
    desiredVersion: 1,
    reportedVersion: 1,
    twinVersion: 1,
    twinEtag: twinEtagFor(1),
    lastActivityTime: null,
  };
}

function bumpTwin(record: DeviceRecord): DeviceRecord {
  const twinVersion = record.twinVersion + 1;
  return { ...record, twinVersion, twinEtag: twinEtagFor(twinVersion) };
}

function applyServiceTwin(existing: DeviceRecord, patch: { tags?: JsonObject; desired?: JsonObject }, mode: 'merge' | 'replace'): DeviceRecord {
  let record = existing;
  const at = new Date().toISOString();
  if (patch.tags) {
    const tags = mode === 'merge' ? mergePatch(existing.tags, {}, patch.tags, { at, version: null }).doc : patch.tags;
    checkSectionSize('tags', tags);
    record = { ...record, tags };
  }
  if (patch.desired) {
    const version = existing.desiredVersion + 1;
    const merged =
      mode === 'merge'
        ? mergePatch(existing.desired, existing.meta.desired, patch.desired, { at, version })
        : { doc: patch.desired, meta: metadataFor(patch.desired, { at, version }) };
    checkSectionSize('desired', merged.doc);
    record = { ...record, desired: merged.doc, meta: { ...record.meta, desired: merged.meta }, desiredVersion: version };
  }
  return patch.tags || patch.desired ? bumpTwin(record) : record;
}

/**
 * A service twin body: tags and desired. `"desired": null` asks to clear desired; an empty
 * `"reported": {}` (which the SDKs and update-twin jobs send) is accepted and ignored, as the
 * service does; any reported content is the device's to write.
 */
function twinBody(body: unknown): { tags?: JsonObject; desired?: JsonObject; clearDesired?: boolean } {
  if (!isJsonObject(body)) throw badRequest('The twin body must be a JSON object.');
  const out: { tags?: JsonObject; desired?: JsonObject; clearDesired?: boolean } = {};
  if (body.tags !== undefined && body.tags !== null) out.tags = stripSystem(validateSection('tags', body.tags, true));
  if (body.properties !== undefined && body.properties !== null) {
    if (!isJsonObject(body.properties)) throw badRequest('properties must be an object.');
    const reported = body.properties.reported;
    if (reported !== undefined && reported !== null && !(isJsonObject(reported) && Object.keys(stripSystem(reported)).length === 0)) {
      throw badRequest('Reported properties are written by the device, not the service.');
    }
    if (body.properties.desired === null) out.clearDesired = true;
    else if (body.properties.desired !== undefined) out.desired = stripSystem(validateSection('desired', body.properties.desired, true));
  }
  return out;
}

function deviceBody(deviceId: string, body: unknown) {
  if (!isJsonObject(body)) throw badRequest('The device body must be a JSON object.');
  if (body.deviceId !== undefined && body.deviceId !== deviceId) throw badRequest('The deviceId in the body does not match the URL.');
  const status = body.status === undefined || body.status === null ? 'enabled' : body.status;
  if (status !== 'enabled' && status !== 'disabled') throw badRequest("status must be 'enabled' or 'disabled'.");
  const capabilities = isJsonObject(body.capabilities) ? body.capabilities : {};
  return {
    authentication: parseAuthentication(body.authentication),
    status: status as 'enabled' | 'disabled',
    statusReason: typeof body.statusReason === 'string' ? body.statusReason : null,
    iotEdge: capabilities.iotEdge === true,
  };
}

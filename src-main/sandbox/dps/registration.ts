import { randomBytes, randomUUID } from 'node:crypto';
import type { HubProvisioningPort, ProvisionedIdentity } from '../hub/provisioning-port.ts';
import { commonName } from '../server/certificate-chain.ts';
import { GroupCommit } from '../store/group-commit.ts';
import type { Throttle } from '../throttle.ts';
import { DPS_LIMITS } from '../throttle.ts';
import { allocateBuiltIn, candidateHubs, hubByName } from './allocation.ts';
import type { Attested, DeviceCredential } from './attestation.ts';
import { attest } from './attestation.ts';
import { callCustomAllocationWebhook, enrollmentForWebhook } from './custom-allocation.ts';
import type { CustomAllocationRequest } from './custom-allocation.ts';
import { DpsError, DpsErrorCode } from './dps-errors.ts';
import type { DpsStore } from './dps-store.ts';
import { presentEnrollment, presentGroup } from './dps-store.ts';
import type { EnrollmentCommon, InitialTwin, RegistrationState } from './enrollment-model.ts';
import { REGISTRATION_ID } from './enrollment-model.ts';

export interface RegistrationServiceOptions {
  store: DpsStore;
  idScope: string;
  hubs: HubProvisioningPort[];
  webhookTimeoutMs: number;
  throttle: Throttle;
}

/** The operation status body devices poll, in the service's wire shape. */
export interface OperationStatus {
  operationId: string;
  status: 'assigning' | 'assigned' | 'failed' | 'disabled';
  registrationState?: Record<string, unknown>;
}

interface Operation {
  registrationId: string;
  status: OperationStatus;
  finishedAt?: number;
}

const OPERATION_MEMORY_MS = 10 * 60 * 1000;

interface Allocation {
  hub: HubProvisioningPort;
  initialTwin?: InitialTwin;
  payload?: unknown;
}

/**
 * Device registration: attest, allocate, then create the hub device and the registration state in
 * one transaction — the device only ever hears "assigned" for what is on disk with its hub device.
 */
export class RegistrationService {
  private readonly options: RegistrationServiceOptions;
  private readonly operations = new Map<string, Operation>();
  private readonly commits: GroupCommit;

  constructor(options: RegistrationServiceOptions) {
    this.options = options;
    this.commits = new GroupCommit(options.store.database);
  }

  /**
   * Starts a registration; throws a DpsError for what the service refuses outright (401, 400, 429).
   * Resolves once the assignment is committed — or at once with "assigning" while a custom
   * allocation webhook is still deciding.
   */
  async register(registrationId: string, payload: unknown, credential: DeviceCredential, proven?: Attested): Promise<OperationStatus> {
    if (!REGISTRATION_ID.test(registrationId)) {
      throw new DpsError(DpsErrorCode.invalidRegistrationId, 'Invalid registrationId: must be 1-128 lower-case alphanumerics or -._:');
    }
    const wait = this.options.throttle.take('registrations', DPS_LIMITS.registrations);
    if (wait > 0) throw new DpsError(DpsErrorCode.throttled, 'Too many registrations: the S1 quota is 1000 per minute.', { 'Retry-After': String(wait) });
    const attested = proven && this.stillCurrent(registrationId, proven) ? proven : attest(this.options.store, this.options.idScope, registrationId, credential);
    const operationId = `4.${randomBytes(8).toString('hex')}.${randomUUID()}`;
    const operation: Operation = { registrationId, status: { operationId, status: 'assigning' } };
    this.remember(operationId, operation);
    const plan = this.plan(operationId, registrationId, payload, credential, attested);
    const settled = plan.outcome
      .catch((error: unknown) => this.failure(operationId, registrationId, attested, error))
      .then((status) => {
        operation.status = status;
        operation.finishedAt = Date.now();
      });
    if (!plan.waitsForWebhook) await settled;
    return operation.status;
  }

  /** The status a poll gets; after a restart the last operation is answered from the stored state. */
  operationStatus(registrationId: string, operationId: string): OperationStatus {
    const wait = this.options.throttle.take(`poll:${registrationId}`, DPS_LIMITS.pollsPerDevice);
    if (wait > 0) throw new DpsError(DpsErrorCode.throttled, 'Too many status polls: the service allows 5 per 10 seconds per device.', { 'Retry-After': String(wait) });
    const operation = this.operations.get(operationId);
    if (operation && operation.registrationId === registrationId) return operation.status;
    const stored = this.options.store.registrations.get(registrationId);
    if (stored && stored.body.lastOperationId === operationId) {
      return { operationId, status: stored.body.status === 'assigned' || stored.body.status === 'disabled' ? stored.body.status : 'failed', registrationState: this.wireState(stored.body, stored.etag) };
    }
    throw new DpsError(DpsErrorCode.operationNotFound, `Operation '${operationId.slice(0, 100)}' was not found for registration '${registrationId}'.`);
  }

  /**
   * Whether an attestation made at MQTT CONNECT still stands: the same enrollment document (by
   * etag) and, for a group member, still no individual enrollment of its own. Two point reads
   * instead of re-deriving every group's keys.
   */
  private stillCurrent(registrationId: string, proven: Attested): boolean {
    const { store } = this.options;
    if (proven.source.kind === 'individual') return store.enrollments.get(registrationId)?.etag === proven.source.enrollment.etag;
    return store.enrollments.get(registrationId) === null && store.groups.get(proven.source.group.id)?.etag === proven.source.group.etag;
  }

  /** Device registration status lookup: the stored state of this device's last registration. */
  registrationStatus(registrationId: string): Record<string, unknown> {
    const stored = this.options.store.registrations.get(registrationId);
    if (!stored) throw new DpsError(DpsErrorCode.registrationNotFound, `Registration '${registrationId}' was not found.`);
    return this.wireState(stored.body, stored.etag);
  }

  /** Re-proves a polling HTTP device: the operation must belong to a credential that still attests. */
  checkCredential(registrationId: string, credential: DeviceCredential): void {
    attest(this.options.store, this.options.idScope, registrationId, credential);
  }

  private remember(operationId: string, operation: Operation): void {
    this.operations.set(operationId, operation);
    if (this.operations.size % 1000 !== 0) return;
    const cutoff = Date.now() - OPERATION_MEMORY_MS;
    for (const [id, candidate] of this.operations) if (candidate.finishedAt !== undefined && candidate.finishedAt < cutoff) this.operations.delete(id);
  }

  private enrollmentOf(attested: Attested): EnrollmentCommon {
    return attested.source.kind === 'individual' ? attested.source.enrollment.body : attested.source.group.body;
  }

  /** Decides how this registration is assigned; every write goes through the group commit. */
  private plan(operationId: string, registrationId: string, payload: unknown, credential: DeviceCredential, attested: Attested): { outcome: Promise<OperationStatus>; waitsForWebhook: boolean } {
    const enrollment = this.enrollmentOf(attested);
    if (enrollment.provisioningStatus === 'disabled') {
      const what = attested.source.kind === 'individual' ? 'individual enrollment' : `enrollment group '${attested.source.group.id}'`;
      const outcome = { status: 'disabled' as const, errorCode: DpsErrorCode.unauthorized, errorMessage: `The ${what} is disabled.` };
      return { outcome: this.commits.run(() => this.record(operationId, registrationId, attested, outcome, undefined)), waitsForWebhook: false };
    }
    const previous = this.options.store.registrations.get(registrationId)?.body;
    const previousHub = previous?.status === 'assigned' && previous.assignedHub ? hubByName(this.options.hubs, previous.assignedHub) : undefined;
    if (enrollment.allocationPolicy === 'custom' && !(previousHub && !enrollment.reprovisionPolicy.updateHubAssignment)) {
      const outcome = this.allocateCustom(registrationId, payload, credential, attested, previous).then((allocation) =>
        this.commits.run(() => this.provision(operationId, registrationId, attested, allocation, previous)),
      );
      return { outcome, waitsForWebhook: true };
    }
    const outcome = this.commits.run(() => {
      // Chosen inside the batch: the hub's device table is read in the same transaction it is written in.
      const hub = previousHub && !enrollment.reprovisionPolicy.updateHubAssignment ? previousHub : allocateBuiltIn(enrollment, registrationId, this.options.hubs);
      return this.provision(operationId, registrationId, attested, { hub }, previous);
    });
    return { outcome, waitsForWebhook: false };
  }

  private async allocateCustom(registrationId: string, payload: unknown, credential: DeviceCredential, attested: Attested, previous: RegistrationState | undefined): Promise<Allocation> {
    const enrollment = this.enrollmentOf(attested);
    const leaf = credential.kind === 'x509' ? credential.chain[0] : undefined;
    const request: CustomAllocationRequest = {
      ...(attested.source.kind === 'individual'
        ? { individualEnrollment: enrollmentForWebhook(presentEnrollment(this.options.store, attested.source.enrollment)) }
        : { enrollmentGroup: enrollmentForWebhook(presentGroup(attested.source.group)) }),
      deviceRuntimeContext: {
        registrationId,
        ...(previous?.assignedHub ? { currentIotHubHostName: previous.assignedHub } : {}),
        ...(previous?.deviceId ? { currentDeviceId: previous.deviceId } : {}),
        ...(leaf
          ? { x509: { subjectName: `CN=${commonName(leaf) ?? ''}`, sha1Thumbprint: leaf.fingerprint.replace(/:/g, ''), sha256Thumbprint: leaf.fingerprint256.replace(/:/g, '') } }
          : { symmetricKey: {} }),
        ...(payload !== undefined ? { payload } : {}),
      },
      linkedHubs: candidateHubs(enrollment, this.options.hubs).map((hub) => hub.hostName),
    };
    const answer = await callCustomAllocationWebhook(enrollment.customAllocationDefinition?.webhookUrl ?? '', request, this.options.webhookTimeoutMs);
    const hub = hubByName(this.options.hubs, answer.iotHubHostName) as HubProvisioningPort;
    return { hub, ...(answer.initialTwin ? { initialTwin: answer.initialTwin } : {}), ...(answer.payload !== undefined ? { payload: answer.payload } : {}) };
  }

  private provision(operationId: string, registrationId: string, attested: Attested, allocation: Allocation, previous: RegistrationState | undefined): OperationStatus {
    const enrollment = this.enrollmentOf(attested);
    const deviceId = (attested.source.kind === 'individual' ? attested.source.enrollment.body.deviceId : undefined) ?? registrationId;
    const migrate = enrollment.reprovisionPolicy.migrateDeviceData;
    const reprovisioned = previous?.status === 'assigned';
    const { store } = this.options;
    return store.database.transaction(() => {
      // Where the device lives now, read in this transaction (a registration committed since `previous` was read counts).
      const current = store.registrations.get(registrationId)?.body;
      const from = current?.status === 'assigned' && current.assignedHub ? hubByName(this.options.hubs, current.assignedHub) : undefined;
      const moving = from !== undefined && from !== allocation.hub;
      const oldDeviceId = current?.deviceId ?? deviceId;
      const migratedTwin = moving && migrate ? (from.readTwinForMigration(oldDeviceId) ?? undefined) : undefined;
      const here = allocation.hub.hasDevice(deviceId);
      const identity: ProvisionedIdentity = {
        deviceId,
        authentication: attested.authentication,
        iotEdge: enrollment.capabilities.iotEdge,
        initialTwin: allocation.initialTwin ?? enrollment.initialTwin ?? null,
        // A device arriving from another hub keeps nothing a former stay here left: it brings its twin or starts afresh.
        twinMode: migratedTwin ? 'migrate' : !here ? 'create' : migrate && !moving ? 'migrate' : 'reset',
        ...(migratedTwin ? { migratedTwin } : {}),
      };
      allocation.hub.provisionDevice(identity);
      // The service deletes the device from the hub it leaves; same transaction, so never in both or neither.
      if (moving) from.removeDevice(oldDeviceId);
      return this.record(operationId, registrationId, attested, {
        status: 'assigned',
        assignedHub: allocation.hub.hostName,
        deviceId,
        substatus: !reprovisioned ? 'initialAssignment' : migrate ? 'deviceDataMigrated' : 'deviceDataReset',
      }, allocation.payload);
    });
  }

  private failure(operationId: string, registrationId: string, attested: Attested, error: unknown): OperationStatus {
    const known = error instanceof DpsError ? error : new DpsError(DpsErrorCode.internal, `Assignment failed: ${(error as Error)?.message ?? String(error)}`);
    try {
      return this.record(operationId, registrationId, attested, { status: 'failed', errorCode: known.errorCode, errorMessage: known.message }, undefined);
    } catch {
      // Even the failure record could not be written: answer the device, keep nothing half made.
      return { operationId, status: 'failed', registrationState: { registrationId, status: 'failed', errorCode: known.errorCode, errorMessage: known.message } };
    }
  }

  private record(operationId: string, registrationId: string, attested: Attested, outcome: Partial<RegistrationState> & { status: RegistrationState['status'] }, payload: unknown): OperationStatus {
    const { store } = this.options;
    return store.database.transaction(() => {
      const now = new Date().toISOString();
      const previous = store.registrations.get(registrationId)?.body;
      const groupId = attested.source.kind === 'group' ? attested.source.group.id : undefined;
      const state: RegistrationState = {
        registrationId,
        createdDateTimeUtc: previous?.createdDateTimeUtc ?? now,
        ...outcome,
        lastUpdatedDateTimeUtc: now,
        ...(groupId !== undefined ? { enrollmentGroupId: groupId } : {}),
        lastOperationId: operationId,
        ...(payload !== undefined ? { payload } : {}),
      };
      const etag = store.registrations.put(registrationId, state, groupId ?? null);
      return { operationId, status: state.status as OperationStatus['status'], registrationState: this.wireState(state, etag) };
    });
  }

  private wireState(state: RegistrationState, etag: string): Record<string, unknown> {
    const { enrollmentGroupId: _group, lastOperationId: _operation, ...wire } = state;
    return { ...wire, etag };
  }
}

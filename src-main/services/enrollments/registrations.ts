import type { RegistrationState } from '../../../src-shared/domain/enrollment.ts';
import { callDps } from './dps-access.ts';
import { record, type AreaContext } from './enrollment-crud.ts';

interface DpsRegistration {
  registrationId?: string;
  status?: string;
  substatus?: string;
  assignedHub?: string;
  deviceId?: string;
  errorCode?: number;
  errorMessage?: string;
  createdDateTimeUtc?: string;
  lastUpdatedDateTimeUtc?: string;
  etag?: string;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

export function toRegistrationState(doc: DpsRegistration): RegistrationState {
  return {
    registrationId: doc.registrationId ?? '',
    status: text(doc.status),
    substatus: text(doc.substatus),
    assignedHub: text(doc.assignedHub),
    deviceId: text(doc.deviceId),
    errorCode: typeof doc.errorCode === 'number' ? doc.errorCode : null,
    errorMessage: text(doc.errorMessage),
    createdAt: text(doc.createdDateTimeUtc),
    updatedAt: text(doc.lastUpdatedDateTimeUtc),
    etag: text(doc.etag),
  };
}

/** Registration states: one device's, a group's devices', and deleting one so the device provisions afresh. */
export class Registrations {
  private readonly ctx: AreaContext;

  constructor(ctx: AreaContext) {
    this.ctx = ctx;
  }

  /** The device's registration, or null when it never registered. */
  async get(profileId: string, registrationId: string): Promise<RegistrationState | null> {
    try {
      const result = await callDps(this.ctx.access, profileId, `reading the registration of ${registrationId}`, (dps) => dps.getDeviceRegistrationState(registrationId));
      return toRegistrationState(result.responseBody as unknown as DpsRegistration);
    } catch (error) {
      if ((error as { code?: string }).code === 'not_found') return null;
      throw error;
    }
  }

  /** A page of a group's registrations (continuation in, continuation out). */
  async forGroup(profileId: string, groupId: string, continuation: string | null, pageSize = 100): Promise<{ items: RegistrationState[]; continuation: string | null }> {
    return callDps(this.ctx.access, profileId, `reading the registrations of group ${groupId}`, async (dps) => {
      const query = dps.createEnrollmentGroupDeviceRegistrationStateQuery({ query: '*' }, groupId, pageSize);
      const result = continuation ? await query.next(continuation) : await query.next();
      return { items: (result.responseBody as unknown as DpsRegistration[]).map(toRegistrationState), continuation: query.continuationToken ?? null };
    });
  }

  async delete(profileId: string, registrationId: string): Promise<void> {
    await callDps(this.ctx.access, profileId, `deleting the registration of ${registrationId}`, (dps) => dps.deleteDeviceRegistrationState(registrationId));
    record(this.ctx, profileId, 'individual', registrationId, 'enrollment-changed', { registrationStateDeleted: true });
  }
}

import { AppError } from '../../../src-shared/contract/result.ts';
import { deriveDeviceKey } from '../keys/device-key.ts';
import type { ProfilesService } from '../profiles/profiles-service.ts';

/** What a push needs from the active profile; the group key stays inside `deriveKey`. */
export interface PushCredentials {
  idScope: string;
  globalEndpoint: string;
  deriveKey(registrationId: string): string;
}

export type CredentialSource = (groupId: string) => Promise<PushCredentials>;

/**
 * Reads a symmetric-key enrollment group of the active profile's DPS and keeps its key in a
 * closure: only derived per-device keys leave it, and only towards the config frame.
 */
export function groupCredentials(profiles: ProfilesService): CredentialSource {
  return (groupId) =>
    profiles.useActive('serial: read enrollment group', async (clients) => {
      let group: { attestation?: { type?: string; symmetricKey?: { primaryKey?: string } } };
      try {
        group = (await clients.provisioningService().getEnrollmentGroup(groupId)).responseBody as typeof group;
      } catch (error) {
        if (/not found/i.test((error as Error).message)) throw new AppError('not_found', `There is no enrollment group "${groupId}" in this profile's DPS.`);
        throw error;
      }
      const groupKey = group.attestation?.symmetricKey?.primaryKey;
      if (!groupKey) throw new AppError('validation', `Enrollment group "${groupId}" does not use symmetric keys, so there is no device key to derive.`);
      return {
        idScope: clients.target.idScope,
        globalEndpoint: clients.target.deviceProvisioningHost,
        deriveKey: (registrationId: string) => deriveDeviceKey(groupKey, registrationId),
      };
    });
}

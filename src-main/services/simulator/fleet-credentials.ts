import type { FleetOptionsParsed } from '../../../src-shared/contract/channels/simulator.ts';
import { AppError } from '../../../src-shared/contract/result.ts';
import type { DeviceCredential } from '../../simulator/protocol.ts';
import type { AzureClientFactory } from '../azure/client-factory.ts';
import { deriveDeviceKey, keyFingerprint } from '../keys/device-key.ts';
import { mintSigningCertificate, type SigningCertificate } from './x509-signer.ts';

/**
 * Where a fleet's devices get their credentials, all in the main process: derived keys of a
 * symmetric-key group, the keys of existing individual enrollments, or a group the console
 * creates for the fleet (symmetric key, or an X.509 signing certificate it mints and keeps in
 * memory). Keys leave only over the fleet child's IPC.
 */
export interface FleetKeyring {
  /** In words, for the status and the log; names a fingerprint at most. */
  label: string;
  /** Registration ids this source can give devices for, or null for any id (groups). */
  fixedIds: string[] | null;
  credential(registrationId: string): Promise<DeviceCredential>;
}

/** `sim-{n:5}` → sim-00001 …; device numbers start at 1. */
export function registrationIds(pattern: string, from: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    pattern.replace(/\{n(?::(\d+))?\}/g, (_m, width: string | undefined) => String(from + i).padStart(Number(width ?? 0), '0')),
  );
}

export async function fleetKeyring(clients: AzureClientFactory, source: FleetOptionsParsed['source']): Promise<FleetKeyring> {
  const service = clients.provisioningService();
  switch (source.kind) {
    case 'group': {
      const group = await service.getEnrollmentGroup(source.groupId).catch((error: unknown) => {
        throw new AppError('not_found', `Enrollment group "${source.groupId}" could not be read: ${(error as Error).message}`);
      });
      const body = group.responseBody as unknown as { attestation?: { type?: string; symmetricKey?: { primaryKey?: string } } };
      const key = body.attestation?.symmetricKey?.primaryKey;
      if (body.attestation?.type !== 'symmetricKey' || !key) {
        throw new AppError('validation', `Enrollment group "${source.groupId}" is not a symmetric-key group; for X.509 let the simulator create a group (it holds that signing certificate)`);
      }
      return { label: `group ${source.groupId} (key ${keyFingerprint(key)})`, fixedIds: null, credential: async (id) => ({ kind: 'key', key: deriveDeviceKey(key, id) }) };
    }
    case 'individual':
      return {
        label: `${source.registrationIds.length} individual enrollments`,
        fixedIds: source.registrationIds,
        credential: async (id) => {
          const mechanism = await service.getIndividualEnrollmentAttestationMechanism(id).catch((error: unknown) => {
            throw new AppError('not_found', `Individual enrollment "${id}" could not be read: ${(error as Error).message}`);
          });
          const key = (mechanism.responseBody as unknown as { symmetricKey?: { primaryKey?: string } }).symmetricKey?.primaryKey;
          if (!key) throw new AppError('validation', `Individual enrollment "${id}" has no symmetric key`);
          return { kind: 'key', key };
        },
      };
    case 'create':
      return source.attestation === 'x509' ? createX509Group(clients) : createKeyGroup(clients);
  }
}

function fleetGroupId(): string {
  return `simulator-${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}`;
}

async function createKeyGroup(clients: AzureClientFactory): Promise<FleetKeyring> {
  const groupId = fleetGroupId();
  const created = await clients.provisioningService().createOrUpdateEnrollmentGroup({ enrollmentGroupId: groupId, attestation: { type: 'symmetricKey' }, provisioningStatus: 'enabled' } as never);
  const key = (created.responseBody as unknown as { attestation?: { symmetricKey?: { primaryKey?: string } } }).attestation?.symmetricKey?.primaryKey;
  if (!key) throw new AppError('internal', `The new enrollment group "${groupId}" came back without a key`);
  return { label: `created group ${groupId} (key ${keyFingerprint(key)})`, fixedIds: null, credential: async (id) => ({ kind: 'key', key: deriveDeviceKey(key, id) }) };
}

async function createX509Group(clients: AzureClientFactory): Promise<FleetKeyring> {
  const groupId = fleetGroupId();
  const signer: SigningCertificate = mintSigningCertificate(`${groupId} signing`);
  await clients.provisioningService().createOrUpdateEnrollmentGroup({
    enrollmentGroupId: groupId,
    attestation: { type: 'x509', x509: { signingCertificates: { primary: { certificate: signer.certificatePem } } } },
    provisioningStatus: 'enabled',
  } as never);
  return { label: `created X.509 group ${groupId} (signing ${signer.thumbprint.slice(0, 16)})`, fixedIds: null, credential: (id) => signer.issue(id) };
}

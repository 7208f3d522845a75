import { X509Certificate } from 'node:crypto';
import { AppError } from '../../../src-shared/contract/result.ts';
import type { CertificateFacts, EnrollmentInputParsed, EnrollmentKind, EnrollmentView } from '../../../src-shared/domain/enrollment.ts';
import { keyFingerprint } from '../keys/device-key.ts';
import type { StoredRow } from './enrollment-index.ts';

/**
 * The service's enrollment documents (individual and group, as the SDK reads and writes them)
 * and the console's shapes: the index row, the key-free view, and the document built from a form.
 */
export interface DpsDocument {
  registrationId?: string;
  enrollmentGroupId?: string;
  deviceId?: string;
  attestation?: {
    type?: string;
    symmetricKey?: { primaryKey?: string; secondaryKey?: string };
    x509?: {
      clientCertificates?: CertificatePair;
      signingCertificates?: CertificatePair;
      caReferences?: { primary?: string; secondary?: string };
    };
    tpm?: { endorsementKey?: string; storageRootKey?: string };
  };
  capabilities?: { iotEdge?: boolean };
  provisioningStatus?: string;
  allocationPolicy?: string;
  iotHubs?: string[];
  iotHubHostName?: string;
  customAllocationDefinition?: { webhookUrl?: string; apiVersion?: string };
  reprovisionPolicy?: { updateHubAssignment?: boolean; migrateDeviceData?: boolean };
  initialTwin?: { tags?: Record<string, unknown>; properties?: { desired?: Record<string, unknown> } };
  registrationState?: { status?: string; assignedHub?: string };
  etag?: string;
  createdDateTimeUtc?: string;
  lastUpdatedDateTimeUtc?: string;
}

interface CertificatePair {
  primary?: { certificate?: string; info?: CertificateInfo } | null;
  secondary?: { certificate?: string; info?: CertificateInfo } | null;
}

interface CertificateInfo {
  subjectName?: string;
  issuerName?: string;
  sha1Thumbprint?: string;
  sha256Thumbprint?: string;
  notBeforeUtc?: string;
  notAfterUtc?: string;
}

export function documentId(kind: EnrollmentKind, doc: DpsDocument): string {
  return (kind === 'individual' ? doc.registrationId : doc.enrollmentGroupId) ?? '';
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export function toIndexRow(kind: EnrollmentKind, doc: DpsDocument): StoredRow {
  const tags = doc.initialTwin?.tags ?? {};
  return {
    kind,
    id: documentId(kind, doc),
    deviceId: str(doc.deviceId),
    status: str(doc.provisioningStatus) ?? 'enabled',
    attestation: str(doc.attestation?.type),
    allocationPolicy: str(doc.allocationPolicy),
    hub: str(doc.registrationState?.assignedHub) ?? str(doc.iotHubHostName),
    registrationStatus: str(doc.registrationState?.status),
    serialNumber: str(tags.serialNumber),
    customer: str(tags.customer),
    model: str(tags.model),
    createdAt: str(doc.createdDateTimeUtc),
    updatedAt: str(doc.lastUpdatedDateTimeUtc),
    etag: str(doc.etag),
  };
}

function certificateFacts(slot: CertificatePair['primary']): CertificateFacts | null {
  const info = slot?.info;
  if (!info) return slot?.certificate ? pemFacts(slot.certificate) : null;
  return {
    subject: info.subjectName ?? '',
    issuer: info.issuerName ?? '',
    sha1Thumbprint: info.sha1Thumbprint ?? '',
    sha256Thumbprint: info.sha256Thumbprint ?? '',
    notBefore: info.notBeforeUtc ?? '',
    notAfter: info.notAfterUtc ?? '',
  };
}

/** Reads a PEM certificate's facts (what the form shows after an upload). Throws a validation error naming `field`. */
export function pemFacts(pem: string, field = 'certificate'): CertificateFacts {
  try {
    const cert = new X509Certificate(pem);
    return {
      subject: cert.subject.replace(/\n/g, ', '),
      issuer: cert.issuer.replace(/\n/g, ', '),
      sha1Thumbprint: cert.fingerprint.replace(/:/g, ''),
      sha256Thumbprint: cert.fingerprint256.replace(/:/g, ''),
      notBefore: new Date(cert.validFrom).toISOString(),
      notAfter: new Date(cert.validTo).toISOString(),
    };
  } catch {
    throw new AppError('validation', 'That is not a PEM certificate', [{ path: field, message: 'Not a PEM certificate (-----BEGIN CERTIFICATE----- …)' }]);
  }
}

export function toView(kind: EnrollmentKind, doc: DpsDocument): EnrollmentView {
  const att = doc.attestation ?? {};
  const pair = kind === 'individual' ? att.x509?.clientCertificates : att.x509?.signingCertificates;
  const type = att.type === 'symmetricKey' || att.type === 'x509' || att.type === 'tpm' ? att.type : 'none';
  const key = (k: string | undefined) => (k ? keyFingerprint(k) : null);
  return {
    kind,
    id: documentId(kind, doc),
    deviceId: str(doc.deviceId),
    attestation: {
      type,
      primaryKeyFingerprint: key(att.symmetricKey?.primaryKey),
      secondaryKeyFingerprint: key(att.symmetricKey?.secondaryKey),
      primaryCertificate: certificateFacts(pair?.primary),
      secondaryCertificate: certificateFacts(pair?.secondary),
      caReference: str(att.x509?.caReferences?.primary),
      endorsementKey: str(att.tpm?.endorsementKey),
      storageRootKey: str(att.tpm?.storageRootKey),
    },
    iotEdge: doc.capabilities?.iotEdge ?? false,
    status: doc.provisioningStatus === 'disabled' ? 'disabled' : 'enabled',
    allocationPolicy: (['hashed', 'geoLatency', 'static', 'custom'] as const).find((p) => p === doc.allocationPolicy) ?? null,
    iotHubs: doc.iotHubs ?? [],
    iotHubHostName: str(doc.iotHubHostName),
    webhookUrl: str(doc.customAllocationDefinition?.webhookUrl),
    webhookApiVersion: str(doc.customAllocationDefinition?.apiVersion),
    reprovision: {
      updateHubAssignment: doc.reprovisionPolicy?.updateHubAssignment ?? true,
      migrateDeviceData: doc.reprovisionPolicy?.migrateDeviceData ?? true,
    },
    initialTwin: { tags: doc.initialTwin?.tags ?? {}, desired: doc.initialTwin?.properties?.desired ?? {} },
    etag: str(doc.etag),
    createdAt: str(doc.createdDateTimeUtc),
    updatedAt: str(doc.lastUpdatedDateTimeUtc),
  };
}

/** The service document for a validated form. Provided keys pass through to the service only. */
export function toDocument(input: EnrollmentInputParsed): DpsDocument {
  const a = input.attestation;
  const attestation: DpsDocument['attestation'] =
    a.type === 'symmetricKey'
      ? { type: 'symmetricKey', symmetricKey: a.primaryKey || a.secondaryKey ? { primaryKey: a.primaryKey || undefined, secondaryKey: a.secondaryKey || undefined } : {} }
      : a.type === 'tpm'
        ? { type: 'tpm', tpm: { endorsementKey: a.endorsementKey, storageRootKey: a.storageRootKey || undefined } }
        : { type: 'x509', x509: x509Attestation(input.kind, a) };
  const doc: DpsDocument = {
    ...(input.kind === 'individual' ? { registrationId: input.id, deviceId: input.deviceId || undefined } : { enrollmentGroupId: input.id }),
    attestation,
    capabilities: { iotEdge: input.iotEdge },
    provisioningStatus: input.status,
    allocationPolicy: input.allocationPolicy,
    reprovisionPolicy: input.reprovision,
    initialTwin: { tags: input.initialTwin.tags, properties: { desired: input.initialTwin.desired } },
  };
  if (input.iotHubs.length) doc.iotHubs = input.iotHubs;
  if (input.allocationPolicy === 'static' && input.iotHubHostName) doc.iotHubHostName = input.iotHubHostName;
  if (input.allocationPolicy === 'custom') doc.customAllocationDefinition = { webhookUrl: input.webhookUrl ?? '', apiVersion: input.webhookApiVersion || '2021-10-01' };
  if (input.etag) doc.etag = input.etag;
  return doc;
}

function x509Attestation(kind: EnrollmentKind, a: Extract<EnrollmentInputParsed['attestation'], { type: 'x509' }>) {
  if (kind === 'group' && a.caReference) return { caReferences: { primary: a.caReference } };
  const pair: CertificatePair = {};
  if (a.primaryPem) pair.primary = { certificate: a.primaryPem };
  if (a.secondaryPem) pair.secondary = { certificate: a.secondaryPem };
  return kind === 'individual' ? { clientCertificates: pair } : { signingCertificates: pair };
}

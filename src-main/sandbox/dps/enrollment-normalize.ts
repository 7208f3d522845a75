import { randomBytes, X509Certificate } from 'node:crypto';
import type { z } from 'zod';
import { DpsError, DpsErrorCode } from './dps-errors.ts';
import type {
  Attestation, AttestationInput, CertificateInfo, CertificatePair, EnrollmentCommon, EnrollmentGroup, IndividualEnrollment, StoredCertificate,
} from './enrollment-model.ts';
import { enrollmentGroupSchema, individualEnrollmentSchema } from './enrollment-model.ts';
import { isLoopbackUrl } from './webhook-url.ts';

type CommonInput = z.infer<typeof individualEnrollmentSchema> | z.infer<typeof enrollmentGroupSchema>;

function badRequest(message: string): DpsError {
  return new DpsError(DpsErrorCode.badRequest, message);
}

/** Parses with zod and turns the first issue into the service's 400 naming the field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join('.') || what;
  throw badRequest(`Invalid ${what}: ${path}: ${issue?.message ?? 'invalid value'}`);
}

function generatedKey(): string {
  return randomBytes(64).toString('base64');
}

function checkKey(value: string, field: string): string {
  const decoded = Buffer.from(value, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || decoded.length < 16 || decoded.length > 64) {
    throw badRequest(`Invalid attestation: ${field} must be a base64 key of 16 to 64 bytes`);
  }
  return value;
}

function certificateInfo(certificate: X509Certificate): CertificateInfo {
  return {
    subjectName: certificate.subject.replace(/\n/g, ', '),
    sha1Thumbprint: certificate.fingerprint.replace(/:/g, ''),
    sha256Thumbprint: certificate.fingerprint256.replace(/:/g, ''),
    issuerName: certificate.issuer.replace(/\n/g, ', '),
    notBeforeUtc: new Date(certificate.validFrom).toISOString(),
    notAfterUtc: new Date(certificate.validTo).toISOString(),
    serialNumber: certificate.serialNumber,
    version: 3,
  };
}

/** Accepts PEM or base64 DER, as the service does. */
export function parseCertificate(text: string): X509Certificate | null {
  try {
    return new X509Certificate(text.includes('-----BEGIN') ? text : Buffer.from(text.replace(/\s+/g, ''), 'base64'));
  } catch {
    return null;
  }
}

function normalizePair(
  input: { primary?: { certificate?: string } | null; secondary?: { certificate?: string } | null } | null | undefined,
  previous: CertificatePair | undefined,
  field: string,
): CertificatePair | undefined {
  if (!input) return undefined;
  const out: CertificatePair = {};
  for (const slot of ['primary', 'secondary'] as const) {
    const given = input[slot];
    if (!given) continue;
    if (!given.certificate) {
      // A read-modify-write round trip carries only `info`: keep the certificate already stored.
      const kept = previous?.[slot];
      if (!kept) throw badRequest(`Invalid attestation: ${field}.${slot}.certificate is required`);
      out[slot] = kept;
      continue;
    }
    const parsed = parseCertificate(given.certificate);
    if (!parsed) throw badRequest(`Invalid attestation: ${field}.${slot}.certificate is not a PEM or base64 DER X.509 certificate`);
    const stored: StoredCertificate = { certificate: parsed.toString(), info: certificateInfo(parsed) };
    out[slot] = stored;
  }
  if (!out.primary) throw badRequest(`Invalid attestation: ${field}.primary is required`);
  return out;
}

function normalizeAttestation(input: AttestationInput, previous: Attestation | undefined, isGroup: boolean): Attestation {
  switch (input.type) {
    case 'symmetricKey': {
      const primary = input.symmetricKey?.primaryKey;
      const secondary = input.symmetricKey?.secondaryKey;
      return {
        type: 'symmetricKey',
        symmetricKey: {
          primaryKey: primary ? checkKey(primary, 'symmetricKey.primaryKey') : generatedKey(),
          secondaryKey: secondary ? checkKey(secondary, 'symmetricKey.secondaryKey') : generatedKey(),
        },
      };
    }
    case 'x509': {
      const before = previous?.type === 'x509' ? previous.x509 : undefined;
      const clientCertificates = normalizePair(input.x509.clientCertificates, before?.clientCertificates, 'x509.clientCertificates');
      const signingCertificates = normalizePair(input.x509.signingCertificates, before?.signingCertificates, 'x509.signingCertificates');
      const caReferences = input.x509.caReferences?.primary
        ? { primary: input.x509.caReferences.primary, ...(input.x509.caReferences.secondary ? { secondary: input.x509.caReferences.secondary } : {}) }
        : undefined;
      if (isGroup && clientCertificates) throw badRequest('Invalid attestation: an enrollment group takes x509.signingCertificates or x509.caReferences, not clientCertificates');
      if (!isGroup && signingCertificates) throw badRequest('Invalid attestation: an individual enrollment takes x509.clientCertificates, not signingCertificates');
      if (!clientCertificates && !signingCertificates && !caReferences) throw badRequest('Invalid attestation: x509 needs certificates');
      return { type: 'x509', x509: { ...(clientCertificates ? { clientCertificates } : {}), ...(signingCertificates ? { signingCertificates } : {}), ...(caReferences ? { caReferences } : {}) } };
    }
    case 'tpm':
      if (isGroup) throw badRequest('Invalid attestation: TPM attestation is not supported for enrollment groups');
      return { type: 'tpm', tpm: { endorsementKey: input.tpm.endorsementKey, ...(input.tpm.storageRootKey ? { storageRootKey: input.tpm.storageRootKey } : {}) } };
    case 'none':
      throw badRequest("Invalid attestation: type 'none' cannot be used to create an enrollment");
  }
}

function normalizeCommon(input: CommonInput, previous: EnrollmentCommon | undefined, linkedHubs: string[], isGroup: boolean): EnrollmentCommon {
  const now = new Date().toISOString();
  const linked = new Set(linkedHubs.map((hub) => hub.toLowerCase()));
  const requireLinked = (hub: string, field: string) => {
    if (!linked.has(hub.toLowerCase())) throw badRequest(`Invalid ${field}: ${hub} is not a linked IoT hub (linked: ${linkedHubs.join(', ')})`);
    return linkedHubs.find((candidate) => candidate.toLowerCase() === hub.toLowerCase()) as string;
  };
  const iotHubs = input.iotHubs?.map((hub) => requireLinked(hub, 'iotHubs'));
  const iotHubHostName = input.iotHubHostName ? requireLinked(input.iotHubHostName, 'iotHubHostName') : undefined;
  const policy = input.allocationPolicy ?? undefined;
  let customAllocationDefinition: EnrollmentCommon['customAllocationDefinition'];
  if (input.customAllocationDefinition) {
    const url = input.customAllocationDefinition.webhookUrl;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest('Invalid customAllocationDefinition.webhookUrl: not an absolute URL');
    }
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackUrl(parsed))) {
      throw badRequest('Invalid customAllocationDefinition.webhookUrl: must be https (plain http only for a loopback webhook)');
    }
    customAllocationDefinition = { webhookUrl: url, apiVersion: input.customAllocationDefinition.apiVersion ?? '2019-03-31' };
  }
  if (policy === 'custom' && !customAllocationDefinition) throw badRequest('Invalid customAllocationDefinition: required when allocationPolicy is custom');
  // With one linked hub the service lets a static enrollment name none: that hub is the one.
  if (policy === 'static' && !iotHubHostName && iotHubs?.length !== 1 && linkedHubs.length !== 1) {
    throw badRequest('Invalid iotHubHostName: static allocation needs iotHubHostName or exactly one entry in iotHubs when several hubs are linked');
  }
  return {
    attestation: normalizeAttestation(input.attestation, previous?.attestation, isGroup),
    ...(iotHubHostName ? { iotHubHostName } : {}),
    ...(input.initialTwin ? { initialTwin: { ...(input.initialTwin.tags ? { tags: input.initialTwin.tags } : {}), ...(input.initialTwin.properties?.desired ? { properties: { desired: input.initialTwin.properties.desired } } : {}) } } : {}),
    provisioningStatus: input.provisioningStatus ?? 'enabled',
    capabilities: { iotEdge: input.capabilities?.iotEdge ?? false },
    reprovisionPolicy: {
      updateHubAssignment: input.reprovisionPolicy?.updateHubAssignment ?? true,
      migrateDeviceData: input.reprovisionPolicy?.migrateDeviceData ?? true,
    },
    ...(policy ? { allocationPolicy: policy } : {}),
    ...(iotHubs ? { iotHubs } : {}),
    ...(customAllocationDefinition ? { customAllocationDefinition } : {}),
    createdDateTimeUtc: previous?.createdDateTimeUtc ?? now,
    lastUpdatedDateTimeUtc: now,
  };
}

export function normalizeIndividualEnrollment(body: unknown, previous: IndividualEnrollment | undefined, linkedHubs: string[]): IndividualEnrollment {
  const input = parseOrThrow(individualEnrollmentSchema, body, 'individual enrollment');
  return { registrationId: input.registrationId, ...(input.deviceId ? { deviceId: input.deviceId } : {}), ...normalizeCommon(input, previous, linkedHubs, false) };
}

export function normalizeEnrollmentGroup(body: unknown, previous: EnrollmentGroup | undefined, linkedHubs: string[]): EnrollmentGroup {
  const input = parseOrThrow(enrollmentGroupSchema, body, 'enrollment group');
  return { enrollmentGroupId: input.enrollmentGroupId, ...normalizeCommon(input, previous, linkedHubs, true) };
}

/** The attestation as the service returns it: certificates described by `info`, never echoed. */
export function presentAttestation(attestation: Attestation): unknown {
  if (attestation.type !== 'x509') return attestation;
  const strip = (pair: CertificatePair | undefined) =>
    pair && Object.fromEntries(Object.entries(pair).map(([slot, value]) => [slot, { info: (value as StoredCertificate).info }]));
  const { clientCertificates, signingCertificates, caReferences } = attestation.x509;
  return {
    type: 'x509',
    x509: { ...(clientCertificates ? { clientCertificates: strip(clientCertificates) } : {}), ...(signingCertificates ? { signingCertificates: strip(signingCertificates) } : {}), ...(caReferences ? { caReferences } : {}) },
  };
}

import { z } from 'zod';

/** The service's rule for registration ids: lower-case alphanumerics and -._: up to 128 characters. */
export const REGISTRATION_ID = /^[a-z0-9\-._:]{1,128}$/;
/** Enrollment group ids follow the same alphabet; the service also accepts upper case there. */
export const GROUP_ID = /^[A-Za-z0-9\-._:]{1,128}$/;
/** IoT Hub device ids: what a hub would accept, checked here so an assignment cannot fail on it. */
export const DEVICE_ID = /^[A-Za-z0-9\-.%_*?!(),:=@$']{1,128}$/;

const jsonObject = z.record(z.string(), z.unknown());

const certificateSlot = z.object({ certificate: z.string().min(1).optional(), info: jsonObject.optional() });
const certificatePair = z.object({ primary: certificateSlot.nullish(), secondary: certificateSlot.nullish() });

export const attestationSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('symmetricKey'),
    symmetricKey: z.object({ primaryKey: z.string().nullish(), secondaryKey: z.string().nullish() }).nullish(),
  }),
  z.object({
    type: z.literal('x509'),
    x509: z.object({
      clientCertificates: certificatePair.nullish(),
      signingCertificates: certificatePair.nullish(),
      caReferences: z.object({ primary: z.string().nullish(), secondary: z.string().nullish() }).nullish(),
    }),
  }),
  z.object({ type: z.literal('tpm'), tpm: z.object({ endorsementKey: z.string().min(1), storageRootKey: z.string().nullish() }) }),
  z.object({ type: z.literal('none') }),
]);

export type AttestationInput = z.infer<typeof attestationSchema>;

const commonFields = {
  attestation: attestationSchema,
  iotHubHostName: z.string().min(1).nullish(),
  initialTwin: z
    .object({
      tags: jsonObject.nullish(),
      properties: z.object({ desired: jsonObject.nullish() }).nullish(),
    })
    .nullish(),
  provisioningStatus: z.enum(['enabled', 'disabled']).nullish(),
  capabilities: z.object({ iotEdge: z.boolean() }).nullish(),
  reprovisionPolicy: z.object({ updateHubAssignment: z.boolean().nullish(), migrateDeviceData: z.boolean().nullish() }).nullish(),
  allocationPolicy: z.enum(['hashed', 'geoLatency', 'static', 'custom']).nullish(),
  iotHubs: z.array(z.string().min(1)).nullish(),
  customAllocationDefinition: z.object({ webhookUrl: z.string().min(1), apiVersion: z.string().min(1).nullish() }).nullish(),
};

export const individualEnrollmentSchema = z.object({
  registrationId: z.string().regex(REGISTRATION_ID, 'registrationId must be 1-128 lower-case alphanumerics or -._:'),
  deviceId: z.string().regex(DEVICE_ID, 'deviceId is not a valid IoT Hub device id').nullish(),
  ...commonFields,
});

export const enrollmentGroupSchema = z.object({
  enrollmentGroupId: z.string().regex(GROUP_ID, 'enrollmentGroupId must be 1-128 alphanumerics or -._:'),
  ...commonFields,
});

export type IndividualEnrollmentInput = z.infer<typeof individualEnrollmentSchema>;
export type EnrollmentGroupInput = z.infer<typeof enrollmentGroupSchema>;

export interface CertificateInfo {
  subjectName: string;
  sha1Thumbprint: string;
  sha256Thumbprint: string;
  issuerName: string;
  notBeforeUtc: string;
  notAfterUtc: string;
  serialNumber: string;
  version: number;
}

/** A certificate as stored: the PEM is kept for attestation but never returned, as the service does. */
export interface StoredCertificate {
  certificate: string;
  info: CertificateInfo;
}

export interface CertificatePair {
  primary?: StoredCertificate;
  secondary?: StoredCertificate;
}

export type Attestation =
  | { type: 'symmetricKey'; symmetricKey: { primaryKey: string; secondaryKey: string } }
  | { type: 'x509'; x509: { clientCertificates?: CertificatePair; signingCertificates?: CertificatePair; caReferences?: { primary?: string; secondary?: string } } }
  | { type: 'tpm'; tpm: { endorsementKey: string; storageRootKey?: string } }
  | { type: 'none' };

export interface InitialTwin {
  tags?: Record<string, unknown>;
  properties?: { desired?: Record<string, unknown> };
}

/** Fields individual enrollments and enrollment groups share, normalised with the service's defaults. */
export interface EnrollmentCommon {
  attestation: Attestation;
  iotHubHostName?: string;
  initialTwin?: InitialTwin;
  provisioningStatus: 'enabled' | 'disabled';
  capabilities: { iotEdge: boolean };
  reprovisionPolicy: { updateHubAssignment: boolean; migrateDeviceData: boolean };
  allocationPolicy?: 'hashed' | 'geoLatency' | 'static' | 'custom';
  iotHubs?: string[];
  customAllocationDefinition?: { webhookUrl: string; apiVersion: string };
  createdDateTimeUtc: string;
  lastUpdatedDateTimeUtc: string;
}

export interface IndividualEnrollment extends EnrollmentCommon {
  registrationId: string;
  deviceId?: string;
}

export interface EnrollmentGroup extends EnrollmentCommon {
  enrollmentGroupId: string;
}

export interface RegistrationState {
  registrationId: string;
  createdDateTimeUtc: string;
  assignedHub?: string;
  deviceId?: string;
  status: 'unassigned' | 'assigning' | 'assigned' | 'failed' | 'disabled';
  substatus?: 'initialAssignment' | 'deviceDataMigrated' | 'deviceDataReset';
  errorCode?: number;
  errorMessage?: string;
  lastUpdatedDateTimeUtc: string;
  /** Not part of the service shape: which group or individual enrollment this came from, and the last operation. */
  enrollmentGroupId?: string;
  lastOperationId?: string;
  payload?: unknown;
}
